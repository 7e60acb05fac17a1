package io.prdtool.audit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.audit.support.AuditTestBase;
import io.prdtool.audit.support.Happened;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

/** A record the broker would refuse must never reach the relay: it would stop publication for everyone. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class OversizedEventsTest extends AuditTestBase {

    @Test
    void aRowChangeLargerThanTheBrokerAcceptsArrivesWithItsLongValuesReplacedByTheirHash() {
        execute("CREATE TABLE IF NOT EXISTS documents (id UUID PRIMARY KEY, organization_id UUID, body TEXT)");
        execute("SELECT prdtool_track_table('documents')");
        UUID org = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        String body = "x".repeat(1_500_000);
        join(tx.writeWithConnectionAs(ALICE_AT_HOME, org, c -> c
                .preparedQuery("INSERT INTO documents (id, organization_id, body) VALUES ($1, $2, $3)")
                .execute(Tuple.of(id, org, body))));
        // and the relay keeps going: a normal event behind it arrives too
        commit(ALICE_AT_HOME, org, List.of(Happened.prd(UUID.randomUUID(), org, "PrdCreated", 0)));

        awaitActivity(org, 1);
        awaitCount(1, "SELECT count(*) FROM audit_trails WHERE organization_id = $1", org);
        assertThat(count("SELECT count(*) FROM audit_trails WHERE organization_id = $1"
                + " AND (new_data -> 'body' ->> 'truncated')::boolean AND (new_data -> 'body' ->> 'length')::int = $2"
                + " AND new_data -> 'body' ->> 'sha256' = encode(sha256(convert_to($3, 'UTF8')), 'hex')", org,
                body.length(), body)).isEqualTo(1);
    }

    @Test
    void anEventLargerThanTheLimitIsRefusedAtWriteTimeAndNothingIsWritten() {
        UUID org = UUID.randomUUID();
        assertThatThrownBy(() -> commit(ALICE_AT_HOME, org,
                List.of(Happened.prd(UUID.randomUUID(), org, "x".repeat(1_000_000), 0))))
                .hasMessageContaining("is larger than");
        assertThat(count("SELECT count(*) FROM outbox WHERE organization_id = $1", org)).isZero();
    }
}
