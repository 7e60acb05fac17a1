package io.prdtool.audit.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.assertj.core.api.Assertions;

import io.prdtool.audit.ingest.IngestStats;
import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.org.MemberAdded;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.events.org.OrganizationCreated;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.outbox.OutboxRelayRunner;
import io.prdtool.shared.tx.ActorContext;
import io.prdtool.shared.tx.Tx;
import io.prdtool.testinfra.Tokens;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the audit tests share: writing events through the real outbox (in a transaction, like a producing service),
 * counting rows, and seeding organizations through the same events prd-service publishes.
 */
public abstract class AuditTestBase {

    protected static final Duration WAIT = Duration.ofSeconds(60);
    protected static final ActorContext ALICE_AT_HOME = new ActorContext("alice", "203.0.113.7", "AuditTest/1.0");

    @Inject
    protected Pool pool;

    @Inject
    protected Outbox outbox;

    @Inject
    protected Tx tx;

    @Inject
    protected IngestStats stats;

    @Inject
    protected OutboxRelayRunner relayRunner;

    /** Commits {@code events} in one transaction through the outbox, as {@code actor}. */
    protected void commit(ActorContext actor, UUID org, List<? extends DomainEvent> events) {
        tx.writeWithConnectionAs(actor, org, c -> Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(e -> outbox.append(c, e))
                .collect().last())
                .await().atMost(Duration.ofSeconds(30));
    }

    protected long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(30));
    }

    protected void awaitCount(long expected, String sql, Object... args) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> Assertions.assertThat(count(sql, args)).as(sql).isEqualTo(expected));
    }

    protected long activityOf(UUID org) {
        return count("SELECT count(*) FROM activity_logs WHERE organization_id = $1", org);
    }

    protected void awaitActivity(UUID org, long expected) {
        awaitCount(expected, "SELECT count(*) FROM activity_logs WHERE organization_id = $1", org);
    }

    protected long unsentOf(UUID org) {
        return count("SELECT count(*) FROM outbox WHERE organization_id = $1 AND sent_at IS NULL", org);
    }

    protected void execute(String sql, Object... args) {
        pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(30));
    }

    protected <T> T join(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(60));
    }

    /** An organization owned by {@code ownerSubject}, plus members, known to audit-service through org events. */
    protected UUID organization(String ownerSubject, Object... subjectsAndRoles) {
        UUID org = UUID.randomUUID();
        List<DomainEvent> events = new java.util.ArrayList<>();
        events.add(new OrganizationCreated(org, "Org " + org, "org-" + org, UUID.randomUUID(), ownerSubject));
        for (int i = 0; i < subjectsAndRoles.length; i += 2) {
            events.add(new MemberAdded(org, UUID.randomUUID(), (String) subjectsAndRoles[i],
                    (OrgRole) subjectsAndRoles[i + 1]));
        }
        commit(ActorContext.system("prd-service"), org, events);
        awaitCount(1 + subjectsAndRoles.length / 2, "SELECT count(*) FROM org_members WHERE organization_id = $1",
                org);
        return org;
    }

    protected static String token(String subject) {
        return Tokens.forTests().token(subject, subject + "@example.com", subject);
    }
}
