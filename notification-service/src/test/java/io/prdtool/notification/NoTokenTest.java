package io.prdtool.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.notification.support.MailResource;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

/**
 * Every endpoint of the service's own OpenAPI document answers 401 with a problem body when no token is sent, so an
 * endpoint added later is covered without being listed here. Unsubscribe links carry a signed token of their own
 * instead (EmailDeliveryTest checks forged ones).
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class NoTokenTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void everyEndpointAnswers401WithAProblemBodyWithoutAToken() {
        JsonObject paths = new JsonObject(RestAssured.given().accept("application/json")
                .get("/q/openapi?format=json").then().statusCode(200).extract().asString()).getJsonObject("paths");
        List<String> checked = new ArrayList<>();
        for (String path : paths.fieldNames()) {
            if (path.startsWith("/api/v1/unsubscribe")) {
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
                checked.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        assertThat(checked).contains("GET /api/v1/notification-preferences", "PUT /api/v1/notification-preferences",
                "GET /api/v1/prds/{prdId}/watch", "PUT /api/v1/prds/{prdId}/watch",
                "DELETE /api/v1/prds/{prdId}/watch", "GET /api/v1/orgs/{orgId}/notification-deliveries",
                "GET /api/v1/notifications", "GET /api/v1/notifications/unread-count",
                "POST /api/v1/notifications/read-all", "POST /api/v1/notifications/stream-ticket");
    }
}
