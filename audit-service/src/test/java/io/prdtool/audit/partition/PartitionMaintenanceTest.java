package io.prdtool.audit.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.prdtool.audit.support.AuditTestBase;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class PartitionMaintenanceTest extends AuditTestBase {

    @Inject
    PartitionMaintenance partitions;

    @Test
    void monthlyPartitionsExistAtLeastThreeMonthsAheadForBothTables() {
        join(partitions.run());
        LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        for (String parent : PartitionMaintenance.PARENTS) {
            for (int i = 0; i <= 3; i++) {
                assertThat(exists(PartitionMaintenance.name(parent, month.plusMonths(i))))
                        .as("%s for %s", parent, month.plusMonths(i)).isTrue();
            }
            assertThat(exists(parent + "_default")).isTrue();
        }
    }

    @Test
    void rowsOutsideEveryPartitionLandInTheDefaultAndMoveWhenTheirMonthIsCreated() {
        LocalDate far = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(9);
        UUID id = UUID.randomUUID();
        execute("INSERT INTO activity_logs (id, organization_id, resource_type, resource_id, action, source, topic,"
                + " created_at) VALUES ($1, $2, 'prd', $1, 'PrdCreated', '/test', 'prdtool.prd.events',"
                + " $3::date + interval '3 days')", id, UUID.randomUUID(), far);
        assertThat(count("SELECT count(*) FROM activity_logs_default WHERE id = $1", id)).isEqualTo(1);

        join(pool.preparedQuery("SELECT audit_ensure_month_partition('activity_logs', $1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(far)));
        assertThat(count("SELECT count(*) FROM activity_logs_default WHERE id = $1", id)).isZero();
        assertThat(count("SELECT count(*) FROM " + PartitionMaintenance.name("activity_logs", far) + " WHERE id = $1",
                id)).isEqualTo(1);
    }

    @Test
    void partitionsOlderThanTheRetentionAreDetachedAndRecorded() {
        LocalDate old = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(30);
        String name = PartitionMaintenance.name("activity_logs", old);
        join(pool.preparedQuery("SELECT audit_ensure_month_partition('activity_logs', $1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(old)));
        assertThat(exists(name)).isTrue();

        join(partitions.applyRetention());

        assertThat(exists(name)).as("attached partition").isFalse();
        assertThat(exists("archived_" + name)).as("archived copy kept for export").isTrue();
        assertThat(count("SELECT count(*) FROM audit_archives WHERE partition_name = $1 AND mode = 'detach'", name))
                .isEqualTo(1);
        // audit trails are kept far longer (84 months by default): nothing of them was archived
        assertThat(count("SELECT count(*) FROM audit_archives WHERE parent = 'audit_trails'")).isZero();
    }

    private boolean exists(String table) {
        return count(
                "SELECT count(*) FROM pg_class WHERE relname = $1 AND relnamespace = current_schema()::regnamespace",
                table) == 1;
    }
}
