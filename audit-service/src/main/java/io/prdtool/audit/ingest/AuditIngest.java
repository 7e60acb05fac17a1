package io.prdtool.audit.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.audit.AuditConfig;
import io.prdtool.audit.membership.MembershipProjection;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.Topics;
import io.prdtool.shared.events.org.MemberAdded;
import io.prdtool.shared.events.org.MemberRemoved;
import io.prdtool.shared.events.org.MemberRoleChanged;
import io.prdtool.shared.events.org.OrgEvent;
import io.prdtool.shared.events.org.OrganizationCreated;
import io.prdtool.shared.events.org.OrganizationDeleted;
import io.prdtool.shared.inbox.Inbox;
import io.prdtool.shared.inbox.TransientFailures;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one consumer of audit-service: every domain topic and the row-change topic, a poll's worth of records at a
 * time. Each event is applied once (inbox, same transaction as the effect): a row change appends to its
 * organization's hash chain; any other event becomes an activity-log entry, and organization events also update the
 * membership projection.
 * <ul>
 * <li>A record that is not a valid event goes to the dead-letter topic at once (reason in {@code dead-letter-reason})
 * and the partition moves on.</li>
 * <li>A batch is applied in one transaction. If the database rejects it, each event is retried on its own (up to
 * {@code maxAttempts}) and only the ones that keep failing are dead-lettered.</li>
 * <li>If the database is unreachable, the batch waits and retries: nothing is skipped, nothing is lost.</li>
 * </ul>
 * Offsets are committed only after the batch completed, so a crash replays it and the inbox absorbs the repeats.
 */
@ApplicationScoped
public class AuditIngest {

    private static final Logger LOG = Logger.getLogger(AuditIngest.class);

    /** The inbox consumer name: one per effect, stable across releases. */
    public static final String CONSUMER = "audit-service";

    static final UUID NO_ORGANIZATION = new UUID(0, 0);

    private static final Map<String, Class<? extends OrgEvent>> ORG_EVENTS = Map.of(
            "OrganizationCreated", OrganizationCreated.class,
            "OrganizationDeleted", OrganizationDeleted.class,
            "MemberAdded", MemberAdded.class,
            "MemberRoleChanged", MemberRoleChanged.class,
            "MemberRemoved", MemberRemoved.class);

    private static final String INSERT_ACTIVITY = "INSERT INTO activity_logs (id, organization_id, user_id, actor,"
            + " resource_type, resource_id, action, source, topic, changes, ip_address, user_agent, created_at)"
            + " VALUES ($1, $2, (SELECT m.user_id FROM org_members m WHERE m.organization_id = $2 AND m.subject = $3"
            + " LIMIT 1), $3, $4, $5, $6, $7, $8, $9::text::jsonb, audit_try_inet($10), $11, $12)";
    private static final String INSERT_CONTEXT = "INSERT INTO activity_request_context (event_id, context_ip,"
            + " context_user_agent, captured_at) VALUES ($1, audit_try_inet($2), $3, $4) ON CONFLICT DO NOTHING";
    private static final String REQUEST_CONTEXT = "RequestContextCaptured";
    private static final String APPEND_TRAIL = "SELECT audit_append_trail($1, $2, $3, $4, $5, $6, $7,"
            + " $8::text::jsonb, $9::text::jsonb, $10, $11)";

    @Inject
    Inbox inbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    MembershipProjection memberships;

    @Inject
    IngestStats stats;

    @Inject
    AuditConfig config;

    @Inject
    Pool pool;

    @Inject
    DeadLetters deadLetters;

    private static final String CLAIM_BATCH = "INSERT INTO inbox (consumer, event_id)"
            + " SELECT $1, id FROM unnest($2::uuid[]) AS ids(id) ON CONFLICT DO NOTHING RETURNING event_id";

    @Incoming("audit-in")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<Parsed> events = new ArrayList<>(records.count());
        List<Uni<Void>> poison = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(parse(record));
            } catch (IllegalArgumentException | JsonProcessingException e) {
                poison.add(deadLetters.send(record, e.getMessage()));
            }
        }
        Uni<Void> rejected = poison.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(poison).andCollectFailures().replaceWithVoid();
        return rejected.chain(() -> events.isEmpty() ? Uni.createFrom().voidItem() : applyBatch(events));
    }

    private Uni<Void> applyBatch(List<Parsed> events) {
        return Uni.createFrom().deferred(() -> pool.withTransaction(c -> applyAll(c, events)))
                // an unreachable database is waited out; a rejected batch is handled event by event
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(config.ingest().retryBackoff(), Duration.ofSeconds(5)).indefinitely()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Batch of %d events rejected (%s); applying them one by one", events.size(),
                            e.getMessage());
                    return Multi.createFrom().iterable(events).onItem().transformToUniAndConcatenate(this::applyOne)
                            .collect().last().replaceWith(0);
                })
                .replaceWithVoid();
    }

    private Uni<Integer> applyAll(SqlConnection c, List<Parsed> events) {
        UUID[] ids = events.stream().map(e -> e.envelope().id()).toArray(UUID[]::new);
        return c.preparedQuery(CLAIM_BATCH).execute(Tuple.of(CONSUMER, ids)).chain(claimed -> {
            Set<UUID> fresh = new HashSet<>();
            claimed.forEach(r -> fresh.add(r.getUUID(0)));
            List<Parsed> todo = new ArrayList<>(fresh.size());
            for (Parsed e : events) {
                if (fresh.remove(e.envelope().id())) { // a repeat inside the batch counts once
                    todo.add(e);
                }
            }
            int duplicates = events.size() - todo.size();
            return applyFresh(c, todo).invoke(() -> {
                for (int i = 0; i < todo.size(); i++) {
                    stats.applied();
                }
                for (int i = 0; i < duplicates; i++) {
                    stats.duplicate();
                }
            }).replaceWith(todo.size());
        });
    }

    /** Membership first (in order), then the activity rows and the trail rows, each as one batched statement. */
    private Uni<Void> applyFresh(SqlConnection c, List<Parsed> todo) {
        List<OrgEvent> orgEvents = new ArrayList<>();
        List<Tuple> activity = new ArrayList<>();
        List<Parsed> changes = new ArrayList<>();
        List<Tuple> contexts = new ArrayList<>();
        for (Parsed e : todo) {
            if (e.context() != null) {
                contexts.add(e.context());
            } else if (Topics.AUDIT_CHANGES.equals(e.envelope().topic())) {
                changes.add(e);
            } else {
                if (e.orgEvent() != null) {
                    orgEvents.add(e.orgEvent());
                }
                activity.add(activityRow(e));
            }
        }
        // chain heads are locked in organization order by every consumer: no deadlock between them; the stable sort
        // keeps each organization's changes in the order they arrived
        List<Tuple> trail = changes.stream().map(Parsed::trail)
                .sorted(Comparator.comparing(t -> t.getUUID(1))).toList();
        Uni<Void> projection = Multi.createFrom().iterable(orgEvents)
                .onItem().transformToUniAndConcatenate(e -> memberships.apply(c, e)).collect().last()
                .replaceWithVoid();
        return projection
                .chain(() -> activity.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : c.preparedQuery(INSERT_ACTIVITY).executeBatch(activity).replaceWithVoid())
                .chain(() -> contexts.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : c.preparedQuery(INSERT_CONTEXT).executeBatch(contexts).replaceWithVoid())
                .chain(() -> trail.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : c.preparedQuery(APPEND_TRAIL).executeBatch(trail).replaceWithVoid());
    }

    /** One event in its own transaction, retried; dead-lettered if it keeps failing. */
    private Uni<Void> applyOne(Parsed event) {
        return inbox.onceWithConnection(event.envelope().id(), CONSUMER, c -> apply(c, event))
                .onFailure().retry().withBackOff(config.ingest().retryBackoff())
                .atMost(Math.max(0, config.ingest().maxAttempts() - 1))
                .onItem().invoke(applied -> {
                    if (applied) {
                        stats.applied();
                    } else {
                        stats.duplicate();
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> deadLetters.send(event.record(),
                        "failed " + config.ingest().maxAttempts() + " times: " + e.getMessage()));
    }

    /** A record as an event, or an exception that makes it a poison message. */
    Parsed parse(ConsumerRecord<String, byte[]> record) throws JsonProcessingException {
        EventEnvelope envelope = EventEnvelope.from(record.topic(), record.headers(), record.value());
        JsonNode data = mapper.readTree(envelope.data());
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("data is not a JSON object");
        }
        OrgEvent orgEvent = null;
        if (Topics.ORG.equals(record.topic())) {
            Class<? extends OrgEvent> type = ORG_EVENTS.get(envelope.eventType());
            if (type != null) {
                orgEvent = mapper.treeToValue(data, type);
                if (orgEvent.organizationId() == null) {
                    throw new IllegalArgumentException(envelope.eventType() + " without organizationId");
                }
            }
        }
        // a row change is turned into its trail row now, so that a malformed one is poison, not a failing batch
        boolean auditTopic = Topics.AUDIT_CHANGES.equals(record.topic());
        boolean context = auditTopic && REQUEST_CONTEXT.equals(envelope.eventType());
        Tuple trail = auditTopic && !context ? trailRow(envelope, data) : null;
        return new Parsed(record, envelope, data, orgEvent, trail, context ? contextRow(envelope, data) : null);
    }

    private Uni<?> apply(SqlConnection c, Parsed event) {
        if (event.context() != null) {
            return c.preparedQuery(INSERT_CONTEXT).execute(event.context());
        }
        if (Topics.AUDIT_CHANGES.equals(event.envelope().topic())) {
            return c.preparedQuery(APPEND_TRAIL).execute(event.trail());
        }
        Uni<Void> projection = event.orgEvent() == null
                ? Uni.createFrom().voidItem()
                : memberships.apply(c, event.orgEvent());
        return projection.chain(() -> c.preparedQuery(INSERT_ACTIVITY).execute(activityRow(event)));
    }

    private Tuple activityRow(Parsed event) {
        EventEnvelope env = event.envelope();
        return Tuple.from(new Object[]{env.id(), env.organizationId(), env.actor(),
                env.aggregateType() == null ? "unknown" : env.aggregateType(), env.subject(), env.eventType(),
                env.source(), env.topic(), event.data().toString(), env.clientIp(), env.userAgent(),
                env.time().atOffset(ZoneOffset.UTC)});
    }

    /** A RequestContextCaptured record as its row; without a readable eventId it is poison. */
    private static Tuple contextRow(EventEnvelope env, JsonNode data) {
        UUID eventId = uuid(data.get("eventId"));
        if (eventId == null) {
            throw new IllegalArgumentException("RequestContextCaptured without eventId");
        }
        return Tuple.from(new Object[]{eventId, text(data.get("clientIp")), text(data.get("userAgent")),
                env.time().atOffset(ZoneOffset.UTC)});
    }

    private static Tuple trailRow(EventEnvelope env, JsonNode row) {
        UUID org = uuid(row.get("organizationId"));
        if (org == null) {
            org = env.organizationId() == null ? NO_ORGANIZATION : env.organizationId();
        }
        UUID recordId = uuid(row.get("recordId"));
        String changedAt = text(row.get("changedAt"));
        Instant at;
        try {
            at = changedAt == null ? env.time() : Instant.parse(changedAt);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("changedAt is not an instant: " + changedAt);
        }
        String actor = text(row.get("changedBy"));
        return Tuple.from(new Object[]{env.id(), org, text(row.get("service")), text(row.get("table")),
                recordId == null ? env.subject() : recordId, text(row.get("recordKey")),
                text(row.get("operation")), json(row.get("oldRow")), json(row.get("newRow")),
                actor == null ? env.actor() : actor, at.atOffset(ZoneOffset.UTC)});
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private static UUID uuid(JsonNode node) {
        String s = text(node);
        return s == null || s.isBlank() ? null : UUID.fromString(s);
    }

    /** {@code trail}: the trail row of a RowChanged; {@code context}: the row of a RequestContextCaptured. */
    record Parsed(ConsumerRecord<String, byte[]> record, EventEnvelope envelope, JsonNode data, OrgEvent orgEvent,
            Tuple trail, Tuple context) {
    }
}
