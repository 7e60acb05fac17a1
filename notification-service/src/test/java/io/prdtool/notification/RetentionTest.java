package io.prdtool.notification;

import static io.prdtool.notification.support.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.prdtool.notification.retention.Retention;
import io.prdtool.notification.support.Events;
import io.prdtool.notification.support.Fixture;
import io.prdtool.notification.support.Fixture.Tenant;
import io.prdtool.notification.support.MailResource;
import io.prdtool.shared.events.ai.AiBudgetThresholdReached;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Old rows go in batches: read after 6 months, all after 12, the delivery log after 90 days. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class RetentionTest {

    @Inject
    Retention retention;

    @Test
    void oldNotificationsAndDeliveriesArePurged() {
        Tenant t = Fixture.tenant();
        for (int i = 1; i <= 4; i++) {
            Events.publish(new AiBudgetThresholdReached(t.orgId(), "2025-0" + i, 80, 8, 10, Instant.now()));
        }
        t.owner().await("ai_budget_threshold", 4);
        var ids = t.owner().inbox().getList("items.id", String.class);
        String owner = t.owner().id().toString();
        // read 7 months ago; unread but 13 months old; read recently; fresh with a 100-day-old delivery row
        Fixture.execute("UPDATE notifications SET read_at = now() - interval '7 months' WHERE id = '" + ids.get(0)
                + "'");
        Fixture.execute("UPDATE notifications SET created_at = now() - interval '13 months' WHERE id = '"
                + ids.get(1) + "'");
        Fixture.execute("UPDATE notifications SET read_at = now() - interval '1 day' WHERE id = '" + ids.get(2)
                + "'");
        org.awaitility.Awaitility.await().atMost(Fixture.WAIT).until(() -> count("SELECT count(*) FROM"
                + " notification_deliveries WHERE notification_id = '" + ids.get(3) + "' AND status = 'sent'") == 1);
        Fixture.execute("UPDATE notification_deliveries SET created_at = now() - interval '100 days'"
                + " WHERE notification_id = '" + ids.get(3) + "'");

        Retention.Purged purged = retention.purge().await().atMost(Duration.ofSeconds(30));
        assertThat(purged.readNotifications()).isGreaterThanOrEqualTo(1);
        assertThat(purged.oldNotifications()).isGreaterThanOrEqualTo(1);
        assertThat(purged.deliveries()).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM notifications WHERE recipient_id = '" + owner + "'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM notification_deliveries WHERE notification_id = '" + ids.get(3)
                + "'")).isZero();
    }
}
