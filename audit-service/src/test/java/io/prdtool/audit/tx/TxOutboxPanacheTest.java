package io.prdtool.audit.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.prdtool.audit.support.AuditTestBase;
import io.prdtool.audit.support.Happened;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The path producing services use: a Panache entity change and {@code Outbox.append} inside {@code Tx}, the shared
 * trigger capturing the row with the transaction's actor. All of it commits together or not at all.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class TxOutboxPanacheTest extends AuditTestBase {

    @Inject
    Vertx vertx;

    @BeforeEach
    void table() {
        execute("CREATE TABLE IF NOT EXISTS gadgets (id UUID PRIMARY KEY, organization_id UUID, name TEXT)");
        execute("SELECT prdtool_track_table('gadgets')");
    }

    @Test
    void changeRowChangeAndEventCommitTogetherWithTheActorOfTheTransaction() {
        UUID org = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        onVertx(() -> tx.writeAs(ALICE_AT_HOME, org, () -> {
            Gadget g = new Gadget();
            g.id = id;
            g.organizationId = org;
            g.name = "first";
            return g.persist().chain(() -> outbox.append(Happened.prd(id, org, "GadgetCreated", 0)));
        }));

        assertThat(count("SELECT count(*) FROM gadgets WHERE id = $1", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox WHERE organization_id = $1 AND actor = 'alice'"
                + " AND client_ip = '203.0.113.7' AND user_agent = 'AuditTest/1.0'", org)).as("both events")
                .isEqualTo(2);
        awaitActivity(org, 1);
        awaitCount(1, "SELECT count(*) FROM audit_trails WHERE organization_id = $1 AND changed_by = 'alice'"
                + " AND table_name = 'gadgets' AND operation = 'INSERT'", org);
        awaitCount(1, "SELECT count(*) FROM activity_logs JOIN activity_request_context ON event_id = id"
                + " WHERE organization_id = $1 AND action = 'GadgetCreated' AND host(context_ip) = '203.0.113.7'"
                + " AND context_user_agent = 'AuditTest/1.0'", org);
    }

    @Test
    void failedWorkLeavesNoRowNoRowChangeAndNoEvent() {
        UUID org = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> onVertx(() -> tx.writeAs(ALICE_AT_HOME, org, () -> {
            Gadget g = new Gadget();
            g.id = id;
            g.organizationId = org;
            g.name = "doomed";
            return g.persist().chain(() -> outbox.append(Happened.prd(id, org, "GadgetCreated", 0)))
                    .chain(() -> Panache.flush())
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("business rule violated")));
        }))).hasMessageContaining("business rule violated");

        assertThat(count("SELECT count(*) FROM gadgets WHERE id = $1", id)).isZero();
        assertThat(count("SELECT count(*) FROM outbox WHERE organization_id = $1", org)).isZero();
    }

    @Test
    void appendOutsideATransactionIsRefused() {
        UUID org = UUID.randomUUID();
        assertThatThrownBy(() -> onVertx(() -> Panache.withSession(() -> outbox.append(Happened.prd(UUID.randomUUID(),
                org, "GadgetCreated", 0))))).hasMessageContaining("inside a transaction");
        assertThat(count("SELECT count(*) FROM outbox WHERE organization_id = $1", org)).isZero();
    }

    /** Hibernate Reactive runs on a safe Vert.x duplicated context, like a request or message handler. */
    private <T> T onVertx(Supplier<Uni<T>> work) {
        var context = VertxContext.getOrCreateDuplicatedContext(vertx);
        return Uni.createFrom().<T>emitter(em -> context.runOnContext(ignored -> {
            VertxContextSafetyToggle.setCurrentContextSafe(true);
            work.get().subscribe().with(em::complete, em::fail);
        })).await().atMost(Duration.ofSeconds(30));
    }
}
