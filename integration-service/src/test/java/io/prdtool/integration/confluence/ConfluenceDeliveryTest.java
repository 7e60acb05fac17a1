package io.prdtool.integration.confluence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.prdtool.integration.http.HttpAuth;
import io.prdtool.integration.standin.ConfluenceStandIn;
import io.prdtool.integration.standin.VendorStandIn.CommitThenDelay;
import io.prdtool.integration.support.Fixture;
import io.prdtool.integration.support.Fixture.Tenant;
import io.prdtool.integration.support.Services;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The Confluence target end to end: an integration made through the REST API, PRD versions made in the real
 * prd-service, one page per PRD in the {@link ConfluenceStandIn} (requests checked against Confluence's OpenAPI spec,
 * storage format checked as XHTML), updated as the next page version, and no second page when a create is applied but
 * answered too late.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class ConfluenceDeliveryTest {

    static final String EMAIL = "bot@example.com";
    static final String TOKEN = "ATATT3xFfGF0-confluence-e2e-token";

    private static Tenant tenant;
    private static Vertx vertx;
    private static ConfluenceStandIn confluence;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        confluence = new ConfluenceStandIn(vertx, new HttpAuth.Basic(EMAIL, TOKEN).headerValue()).start();
    }

    @AfterAll
    static void stop() {
        try {
            assertThat(confluence.violations()).as("requests the Confluence spec rejects").isEmpty();
        } finally {
            confluence.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    static synchronized Tenant tenant() {
        if (tenant == null) {
            tenant = Fixture.tenant();
        }
        return tenant;
    }

    static UUID project(Tenant t) {
        UUID project = UUID.fromString(t.owner().prd().body(Map.of("name", "Wiki " + UUID.randomUUID()))
                .post("/api/v1/orgs/" + t.orgId() + "/projects").then().statusCode(201).extract().path("id"));
        await().atMost(Fixture.WAIT).until(() -> Fixture.count("SELECT count(*) FROM projects WHERE id = '"
                + project + "'") == 1);
        return project;
    }

    static String integration(Tenant t, UUID project) {
        return t.admin().api().body(Map.of("type", "confluence", "name", "wiki " + UUID.randomUUID(), "settings",
                Map.of("baseUrl", confluence.baseUrl(), "email", EMAIL, "spaceKey", ConfluenceStandIn.SPACE_KEY,
                        "autoPublish", true, "projectIds", List.of(project.toString())),
                "secret", TOKEN)).post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(201)
                .extract().path("id");
    }

    static JsonArray deliveries(Tenant t, String integration) {
        return new JsonObject(t.admin().api().get("/api/v1/integrations/" + integration + "/deliveries").then()
                .statusCode(200).extract().asString()).getJsonArray("items");
    }

    static long delivered(Tenant t, String integration) {
        return deliveries(t, integration).stream().map(JsonObject.class::cast)
                .filter(d -> "delivered".equals(d.getString("status"))).count();
    }

    static List<ConfluenceStandIn.Page> pagesTitled(String title) {
        return confluence.pages().stream().filter(p -> title.equals(p.title)).toList();
    }

    @Test
    void onePagePerPrdUpdatedByTheNextVersion() {
        Tenant t = tenant();
        UUID project = project(t);
        String id = integration(t, project);
        t.admin().api().post("/api/v1/integrations/" + id + "/test").then().statusCode(200)
                .body("ok", equalTo(true));
        String title = "Wiki PRD " + UUID.randomUUID().toString().substring(0, 8);
        UUID prd = UUID.fromString(t.member().prd().body(Map.of("title", title, "content",
                "# Wiki\n\nFirst <draft> & notes.\n")).post("/api/v1/projects/" + project + "/prds").then()
                .statusCode(201).extract().path("id"));
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 1);
        assertThat(pagesTitled(title)).hasSize(1);
        ConfluenceStandIn.Page page = pagesTitled(title).get(0);
        assertThat(page.storage).contains("First").contains("notes.");
        assertThat(page.properties).containsKey(ConfluenceDeliverer.PROPERTY);

        t.member().prd().body(Map.of("content", "# Wiki\n\nSecond take.\n")).patch("/api/v1/prds/" + prd).then()
                .statusCode(200);
        String v2 = t.member().prd().body(Map.of("bump", "minor", "changelog", "Rewritten"))
                .post("/api/v1/prds/" + prd + "/versions").then().statusCode(201).extract().path("version");
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 2);
        assertThat(pagesTitled(title)).hasSize(1);
        ConfluenceStandIn.Page updated = confluence.page(page.id);
        assertThat(updated.version).isEqualTo(2);
        assertThat(updated.message).isEqualTo("v" + v2 + ": Rewritten");
        assertThat(updated.storage).contains("Second take.");
        assertThat(Fixture.text("SELECT external_id FROM integration_mappings WHERE integration_id = '" + id
                + "' AND external_type = 'page'")).isEqualTo(page.id);
    }

    @Test
    void aCreateAppliedButAnsweredTooLateMakesNoSecondPage() {
        Tenant t = tenant();
        UUID project = project(t);
        String id = integration(t, project);
        String title = "Late PRD " + UUID.randomUUID().toString().substring(0, 8);
        confluence.failNext("POST", "/wiki/api/v2/pages", new CommitThenDelay(Duration.ofSeconds(4)));
        t.member().prd().body(Map.of("title", title, "content", "# Late\n\nBody.\n"))
                .post("/api/v1/projects/" + project + "/prds").then().statusCode(201);
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 1);
        assertThat(pagesTitled(title)).hasSize(1);
    }
}
