package io.prdtool.notification;

import static io.prdtool.notification.support.Fixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.prdtool.notification.support.Events;
import io.prdtool.notification.support.Fixture;
import io.prdtool.notification.support.Fixture.Tenant;
import io.prdtool.notification.support.MailResource;
import io.prdtool.shared.events.ai.AiBudgetThresholdReached;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.PackagedService;
import io.prdtool.testinfra.SseClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Two notification-service instances (the packaged application twice, on one database and broker): only one of them
 * consumes an event and creates the notification, yet a client streaming from either instance gets the push —
 * PostgreSQL NOTIFY carries it across.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class NotificationFanOutIT {

    private static final String STREAM = "/api/v1/notifications/stream";

    @Test
    void aPushReachesClientsOfBothInstances() {
        PackagedService second = PackagedService.shared("notification-service",
                "-Dquarkus.mailer.port=" + MailResource.port(), "-Dquarkus.mailer.host=127.0.0.1");
        Tenant t = Fixture.tenant();
        try (SseClient first = SseClient.get(STREAM, "Authorization", "Bearer " + t.owner().token());
                SseClient other = SseClient.getFrom(second.url(), STREAM, "Authorization",
                        "Bearer " + t.owner().token())) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(other.status()).isEqualTo(200);
            Events.publish(new AiBudgetThresholdReached(t.orgId(), "2026-12", 100, 10, 10, Instant.now()));
            SseClient.Event a = first.await("notification", WAIT);
            SseClient.Event b = other.await("notification", WAIT);
            assertThat(a.id()).isEqualTo(b.id());
            assertThat(a.json().getString("id")).isEqualTo(b.json().getString("id"));
            await().atMost(WAIT).until(() -> Fixture.count("SELECT count(*) FROM notifications WHERE recipient_id = '"
                    + t.owner().id() + "'") == 1);
        }
    }
}
