package io.prdtool.integration.craft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.integration.support.Fixture;
import io.prdtool.integration.support.Fixture.Tenant;
import io.prdtool.integration.support.Services;
import io.prdtool.integration.support.StandIn;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Craft end to end: an integration with an API connection link (a stand-in on localhost, allowed by the test profile),
 * a PRD made in prd-service, its version appended once as a Markdown block at the end of the chosen document.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class CraftDeliveryTest {

    @Test
    void aVersionIsAppendedToTheDocumentOnce() {
        Tenant t = Fixture.tenant();
        StandIn standIn = Services.standIn();
        String link = standIn.freshPath("/links/") + "/api/v1";
        String id = t.admin().api().body(Map.of("type", "craft", "name", "craft " + UUID.randomUUID(), "settings",
                Map.of("documentId", "doc-1", "autoPublish", true, "projectIds", List.of(t.projectId().toString())),
                "secret", standIn.url(link))).post("/api/v1/orgs/" + t.orgId() + "/integrations").then()
                .statusCode(201).extract().path("id");
        t.admin().api().post("/api/v1/integrations/" + id + "/test").then().statusCode(200)
                .body("ok", equalTo(true));

        t.prd("Craft PRD", "# Craft\n\nShip it.\n");
        await().atMost(Fixture.WAIT).until(() -> standIn.received(link + "/blocks").stream()
                .anyMatch(r -> "POST".equals(r.method())));
        var posts = standIn.received(link + "/blocks").stream().filter(r -> "POST".equals(r.method())).toList();
        assertThat(posts).hasSize(1);
        JsonObject body = posts.get(0).json();
        assertThat(body.getJsonArray("blocks").getJsonObject(0).getString("type")).isEqualTo("text");
        assertThat(body.getJsonArray("blocks").getJsonObject(0).getString("markdown")).startsWith("## Craft PRD v")
                .contains("Ship it.");
        assertThat(body.getJsonObject("position").getString("position")).isEqualTo("end");
        assertThat(body.getJsonObject("position").getString("pageId")).isEqualTo("doc-1");
        await().atMost(Fixture.WAIT).untilAsserted(() -> {
            var items = new JsonObject(t.admin().api().get("/api/v1/integrations/" + id + "/deliveries").then()
                    .statusCode(200).extract().asString()).getJsonArray("items");
            assertThat(items).hasSize(1);
            assertThat(items.getJsonObject(0).getString("status")).isEqualTo("delivered");
            String log = t.admin().api().get("/api/v1/deliveries/" + items.getJsonObject(0).getString("id")).then()
                    .statusCode(200).extract().asString();
            assertThat(log).doesNotContain(link.substring("/links/".length(), link.length() - "/api/v1".length()));
        });
    }
}
