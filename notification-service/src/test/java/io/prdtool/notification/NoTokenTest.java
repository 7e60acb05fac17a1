package io.prdtool.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.prdtool.notification.support.MailResource;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.NoTokenSweep;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every endpoint of the service's own OpenAPI document answers 401 with a problem body when no token is sent, so an
 * endpoint added later is covered without being listed here. Unsubscribe links carry a signed token of their own
 * instead (EmailDeliveryTest checks forged ones).
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class NoTokenTest {

    @Test
    void everyEndpointAnswers401WithAProblemBodyWithoutAToken() {
        List<String> checked = NoTokenSweep.everyOperationAnswers401(path -> path.startsWith("/api/v1/unsubscribe"));
        assertThat(checked).contains("GET /api/v1/notification-preferences", "PUT /api/v1/notification-preferences",
                "GET /api/v1/prds/{prdId}/watch", "PUT /api/v1/prds/{prdId}/watch",
                "DELETE /api/v1/prds/{prdId}/watch", "GET /api/v1/orgs/{orgId}/notification-deliveries",
                "GET /api/v1/notifications", "GET /api/v1/notifications/unread-count",
                "POST /api/v1/notifications/read-all", "POST /api/v1/notifications/stream-ticket");
    }
}
