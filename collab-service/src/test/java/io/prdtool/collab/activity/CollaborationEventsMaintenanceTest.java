package io.prdtool.collab.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.prdtool.collab.testing.Fixtures;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class CollaborationEventsMaintenanceTest {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");

    @Inject
    CollaborationEventsMaintenance maintenance;

    private static String partitionOf(UUID id) {
        return Fixtures.string("SELECT tableoid::regclass::text FROM collaboration_events WHERE id = ?", id);
    }

    @Test
    void monthlyPartitionsExistAheadAndOtherDatesLandInTheDefaultPartition() {
        maintenance.ensurePartitions().await().atMost(Duration.ofSeconds(10));
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        for (int i = 0; i <= 3; i++) {
            String name = "collaboration_events_" + now.plusMonths(i).format(SUFFIX);
            assertThat(Fixtures.count("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'collaboration_events'::regclass AND c.relname = ?", name))
                    .as(name).isEqualTo(1);
        }
        UUID current = UUID.randomUUID();
        UUID far = UUID.randomUUID();
        Fixtures.update("INSERT INTO collaboration_events (id, prd_id, event_type) VALUES (?, ?, 'join')", current,
                UUID.randomUUID());
        Fixtures.update("INSERT INTO collaboration_events (id, prd_id, event_type, created_at) VALUES (?, ?, 'join',"
                + " now() + interval '8 months')", far, UUID.randomUUID());
        assertThat(partitionOf(current)).isEqualTo("collaboration_events_" + now.format(SUFFIX));
        assertThat(partitionOf(far)).isEqualTo("collaboration_events_default");

        // creating the partition for that month later moves the row out of the default partition
        assertThat(maintenance.ensurePartitions(8).await().atMost(Duration.ofSeconds(10))).isPositive();
        assertThat(partitionOf(far)).isEqualTo("collaboration_events_" + now.plusMonths(8).format(SUFFIX));
        assertThat(maintenance.ensurePartitions(8).await().atMost(Duration.ofSeconds(10))).isZero();
    }

    @Test
    void eventsOlderThanThreeMonthsMoveToTheArchive() {
        UUID prd = UUID.randomUUID();
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        Fixtures.update("INSERT INTO collaboration_events (id, prd_id, event_type, event_data, created_at) VALUES"
                + " (?, ?, 'edit', '{\"edits\": 3}', now() - interval '4 months')", old, prd);
        Fixtures.update("INSERT INTO collaboration_events (id, prd_id, event_type, created_at) VALUES"
                + " (?, ?, 'join', now() - interval '1 month')", recent, prd);

        assertThat(maintenance.archive().await().atMost(Duration.ofSeconds(10))).isGreaterThanOrEqualTo(1);

        assertThat(Fixtures.count("SELECT count(*) FROM collaboration_events WHERE prd_id = ?", prd)).isEqualTo(1);
        assertThat(Fixtures.count("SELECT count(*) FROM collaboration_events WHERE id = ?", recent)).isEqualTo(1);
        assertThat(Fixtures.string("SELECT event_data->>'edits' FROM collaboration_events_archive WHERE id = ?",
                old)).isEqualTo("3");
        assertThat(maintenance.archive().await().atMost(Duration.ofSeconds(10))).isZero();
    }
}
