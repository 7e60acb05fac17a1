package io.prdtool.integration.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.integration.support.Services;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

/**
 * Every endpoint of the service's own OpenAPI document answers 401 with a problem body when no token is sent, so an
 * endpoint added later is covered without being listed here. The Jira webhook receiver takes no token (its signature
 * is checked: JiraDeliveryTest).
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class NoTokenTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void everyEndpointAnswers401WithAProblemBodyWithoutAToken() {
        JsonObject paths = new JsonObject(RestAssured.given().accept("application/json")
                .get("/q/openapi?format=json").then().statusCode(200).extract().asString()).getJsonObject("paths");
        List<String> checked = new ArrayList<>();
        for (String path : paths.fieldNames()) {
            if (path.startsWith("/api/v1/hooks/")) {
                continue;
            }
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                String url = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                RestAssured.given().contentType("application/json").body("{}").request(method, url).then()
                        .statusCode(401).contentType("application/problem+json")
                        .body("status", equalTo(401)).body("title", notNullValue());
                checked.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
            }
        }
        assertThat(checked).contains("GET /api/v1/orgs/{orgId}/integrations", "POST /api/v1/orgs/{orgId}/integrations",
                "GET /api/v1/integrations/{id}", "PATCH /api/v1/integrations/{id}",
                "DELETE /api/v1/integrations/{id}", "POST /api/v1/integrations/{id}/enable",
                "POST /api/v1/integrations/{id}/disable", "POST /api/v1/integrations/{id}/test",
                "POST /api/v1/integrations/{id}/jira/preview", "POST /api/v1/integrations/{id}/jira/webhook-secret",
                "GET /api/v1/prds/{prdId}/integrations/status", "GET /api/v1/integrations/{id}/deliveries",
                "GET /api/v1/deliveries/{id}", "POST /api/v1/deliveries/{id}/retry");
    }
}
