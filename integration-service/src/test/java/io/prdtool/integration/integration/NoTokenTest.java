package io.prdtool.integration.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.prdtool.integration.support.Services;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.NoTokenSweep;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every endpoint of the service's own OpenAPI document answers 401 with a problem body when no token is sent, so an
 * endpoint added later is covered without being listed here. The Jira webhook receiver takes no token (its signature
 * is checked: JiraDeliveryTest).
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class NoTokenTest {

    @Test
    void everyEndpointAnswers401WithAProblemBodyWithoutAToken() {
        List<String> checked = NoTokenSweep.everyOperationAnswers401(path -> path.startsWith("/api/v1/hooks/"));
        assertThat(checked).contains("GET /api/v1/orgs/{orgId}/integrations", "POST /api/v1/orgs/{orgId}/integrations",
                "GET /api/v1/integrations/{id}", "PATCH /api/v1/integrations/{id}",
                "DELETE /api/v1/integrations/{id}", "POST /api/v1/integrations/{id}/enable",
                "POST /api/v1/integrations/{id}/disable", "POST /api/v1/integrations/{id}/test",
                "POST /api/v1/integrations/{id}/jira/preview", "POST /api/v1/integrations/{id}/jira/webhook-secret",
                "GET /api/v1/prds/{prdId}/integrations/status", "GET /api/v1/integrations/{id}/deliveries",
                "GET /api/v1/deliveries/{id}", "POST /api/v1/deliveries/{id}/retry");
    }
}
