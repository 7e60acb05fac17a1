package io.prdtool.collab.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.YClient;
import io.prdtool.shared.events.Topics;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The access projection is fed by prd-service's events through Kafka: the events are written to an outbox and
 * published by the real relay as CloudEvents, exactly as prd-service does it.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class AccessProjectionTest {

    @TestHTTPResource("/")
    URI base;

    private static void publish(String topic, String type, String aggregateType, UUID aggregateId, UUID org,
            String payload) {
        Fixtures.update("INSERT INTO outbox (topic, event_type, aggregate_type, aggregate_id, organization_id,"
                + " payload) VALUES (?, ?, ?, ?, ?, ?::jsonb)", topic, type, aggregateType, aggregateId, org, payload);
    }

    @Test
    void prdAndMembershipEventsGrantAccessAndRemovalClosesTheSocket() {
        UUID org = UUID.randomUUID();
        UUID prd = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String subject = "u-projected-" + UUID.randomUUID();
        publish(Topics.ORG, "OrganizationCreated", "organization", org, org, """
                {"organizationId":"%s","name":"Acme","slug":"acme","userId":"%s","subject":"owner-%s"}"""
                .formatted(org, UUID.randomUUID(), subject));
        publish(Topics.ORG, "MemberAdded", "organization", org, org, """
                {"organizationId":"%s","userId":"%s","subject":"%s","role":"member"}""".formatted(org, user, subject));
        publish(Topics.PRD, "PrdCreated", "prd", prd, org, """
                {"prdId":"%s","organizationId":"%s","projectId":"%s","title":"T","slug":"t","status":"draft",
                "version":"1.0.0","actorId":"%s"}""".formatted(prd, org, UUID.randomUUID(), user));

        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.count("SELECT count(*) FROM org_members m"
                + " JOIN prd_access p ON p.organization_id = m.organization_id WHERE p.prd_id = ?", prd) == 2);
        assertThat(Fixtures.string("SELECT role FROM org_members WHERE subject = ?", "owner-" + subject))
                .isEqualTo("owner");

        String token = Tokens.forTests().token(subject, "p@example.com", "Projected");
        YClient client = YClient.connectSynced(YClient.url(base.getPort(), prd, token));
        assertThat(client.isClosed()).isFalse();

        publish(Topics.ORG, "MemberRemoved", "organization", org, org, """
                {"organizationId":"%s","userId":"%s","subject":"%s"}""".formatted(org, user, subject));
        assertThat(client.closed.orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo(4403);
        // once, even if the relay delivers again: one inbox row per event
        assertThat(Fixtures.count("SELECT count(*) FROM inbox WHERE consumer = 'collab.access.org'"))
                .isGreaterThanOrEqualTo(3);
        YClient again = YClient.connect(YClient.url(base.getPort(), prd, token));
        assertThat(again.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(4404);
    }
}
