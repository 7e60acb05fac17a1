package io.prdtool.ai;

import static io.prdtool.ai.support.Fixture.WAIT;
import static io.prdtool.ai.support.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.ai.support.Fixture;
import io.prdtool.ai.support.Fixture.Tenant;
import io.prdtool.ai.support.Services;
import io.prdtool.shared.events.Topics;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * ai-service as a deployment without any AI provider runs it: the configuration says so, generative actions answer
 * 503, and everything else works: the offline review (on demand and when content changes), suggestions, settings,
 * the rubric, usage. Also the tenant checks of those endpoints.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class WithoutProviderApiTest {

    private static final String WEAK_PRD = "# Export\n\n## Problem\n\nUsers should be able to export reports fast,"
            + " etc.\n\n## Requirements\n\nThe export must be easy. TBD: formats.\n";

    @Test
    void everyEndpointNeedsAToken() {
        UUID org = UUID.randomUUID();
        UUID prd = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        String o = "/api/v1/orgs/" + org + "/ai";
        String p = "/api/v1/prds/" + prd + "/ai";
        List<String[]> calls = List.of(new String[]{"GET", o + "/config"}, new String[]{"PATCH", o + "/settings"},
                new String[]{"PUT", o + "/provider"}, new String[]{"DELETE", o + "/provider"},
                new String[]{"POST", o + "/provider/test"}, new String[]{"GET", o + "/rubric"},
                new String[]{"PUT", o + "/rubric"}, new String[]{"DELETE", o + "/rubric"},
                new String[]{"GET", o + "/usage"}, new String[]{"POST", p + "/actions/improve"},
                new String[]{"POST", p + "/actions/improve/stream"}, new String[]{"POST", p + "/review"},
                new String[]{"GET", p + "/review"}, new String[]{"GET", p + "/suggestions"},
                new String[]{"GET", p + "/suggestions/" + id}, new String[]{"POST", p + "/suggestions/" + id
                        + "/accept"},
                new String[]{"POST", p + "/suggestions/" + id + "/reject"}, new String[]{"GET", p + "/interactions"},
                new String[]{"GET", "/api/v1/ai/interactions/" + id},
                new String[]{"POST", "/api/v1/ai/interactions/" + id + "/cancel"});
        for (String[] call : calls) {
            io.restassured.RestAssured.given().contentType("application/json").body("{}")
                    .request(call[0], call[1]).then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void theConfigurationSaysThereIsNoProviderAndGenerativeActionsAre503() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("No provider", WEAK_PRD);
        t.viewer().ai().get("/api/v1/orgs/" + t.orgId() + "/ai/config").then().statusCode(200)
                .body("configured", equalTo(false))
                .body("source", equalTo("none"))
                .body("aiEnabled", equalTo(true))
                .body("actions.find { it.name == 'improve' }.available", equalTo(false))
                .body("actions.find { it.name == 'review' }.available", equalTo(true))
                .body("budget.tokenBudget", equalTo(200000))
                .body("limits.maxOutputTokens", notNullValue());
        t.member().ai().body(Map.of("selection", Map.of("text", "export reports fast"))).post("/api/v1/prds/" + prd
                + "/ai/actions/improve").then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("No AI provider"));
        assertThat(count("SELECT count(*) FROM ai_interactions WHERE organization_id = '" + t.orgId() + "'"))
                .isZero();
        t.outsider().ai().get("/api/v1/orgs/" + t.orgId() + "/ai/config").then().statusCode(404)
                .contentType("application/problem+json");
        t.owner().ai().get("/api/v1/orgs/not-a-uuid/ai/config").then().statusCode(404);
    }

    @Test
    void theOfflineReviewScoresThePrdAndAnchorsEachFinding() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Weak PRD", WEAK_PRD);
        var review = t.member().ai().post("/api/v1/prds/" + prd + "/ai/review").then().statusCode(200)
                .body("source", equalTo("rubric"))
                .body("trigger", equalTo("on_demand"))
                .body("cached", equalTo(false))
                .body("scores", hasKey("ambiguity"))
                .body("overallScore", lessThan(60))
                .body("findingCount", greaterThan(3))
                .body("findings.suggestionType", everyItem(equalTo("critique")))
                .body("findings.metadata.rule", hasItem(notNullValue()))
                .extract().jsonPath();
        // every anchored finding quotes the text at its place
        List<Map<String, Object>> findings = review.getList("findings");
        for (Map<String, Object> f : findings) {
            @SuppressWarnings("unchecked")
            Map<String, Object> anchor = (Map<String, Object>) f.get("anchor");
            if (anchor != null) {
                int start = (Integer) anchor.get("start");
                String exact = (String) anchor.get("exact");
                assertThat(WEAK_PRD.substring(start, start + exact.length())).isEqualTo(exact);
            }
        }
        assertThat(findings).anySatisfy(f -> assertThat(String.valueOf(f.get("originalText"))).isEqualTo("TBD"));

        // the same text is not reviewed twice
        t.member().ai().post("/api/v1/prds/" + prd + "/ai/review").then().statusCode(200)
                .body("cached", equalTo(true)).body("id", equalTo(review.getString("id")));
        t.viewer().ai().get("/api/v1/prds/" + prd + "/ai/review").then().statusCode(200)
                .body("id", equalTo(review.getString("id")));
        t.viewer().ai().post("/api/v1/prds/" + prd + "/ai/review").then().statusCode(403);
        t.outsider().ai().get("/api/v1/prds/" + prd + "/ai/review").then().statusCode(404);
        t.outsider().ai().post("/api/v1/prds/" + prd + "/ai/review").then().statusCode(404);
        assertThat(TopicProbe.read(Topics.AI, rec -> prd.toString().equals(rec.key())
                && "io.prdtool.AiCritiqueCompleted".equals(TopicProbe.header(rec, "ce_type")), 1, WAIT)).hasSize(1);
    }

    @Test
    void aRejectedFindingStaysRejectedAndAFixedOneGoesStale() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Findings lifecycle", WEAK_PRD);
        var findings = t.member().ai().post("/api/v1/prds/" + prd + "/ai/review").then().statusCode(200)
                .extract().jsonPath();
        String tbd = findings.getString("findings.find { it.originalText == 'TBD' }.id");
        String etc = findings.getString("findings.find { it.originalText == 'etc.' }.id");
        t.member().ai().post("/api/v1/prds/" + prd + "/ai/suggestions/" + etc + "/reject").then().statusCode(200);
        // the author fixes the TBD; the next review no longer raises it and keeps the rejection
        String fixed = WEAK_PRD.replace("TBD: formats.", "Formats: CSV and XLSX.");
        t.edit(prd, "replace-all", null, null, fixed);
        t.member().ai().post("/api/v1/prds/" + prd + "/ai/review").then().statusCode(200)
                .body("findings.id", org.hamcrest.Matchers.not(hasItem(tbd)))
                .body("findings.id", org.hamcrest.Matchers.not(hasItem(etc)));
        t.member().ai().get("/api/v1/prds/" + prd + "/ai/suggestions/" + tbd).then().body("status",
                equalTo("stale"));
        t.member().ai().get("/api/v1/prds/" + prd + "/ai/suggestions/" + etc).then().body("status",
                equalTo("rejected"));
    }

    @Test
    void acceptingAFindingWithoutReplacementResolvesItWithoutTouchingTheText() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Resolve", WEAK_PRD);
        String tbd = t.member().ai().post("/api/v1/prds/" + prd + "/ai/review").then().statusCode(200)
                .extract().path("findings.find { it.originalText == 'TBD' }.id");
        t.member().ai().post("/api/v1/prds/" + prd + "/ai/suggestions/" + tbd + "/accept").then().statusCode(200)
                .body("status", equalTo("accepted")).body("appliedUpdateId", org.hamcrest.Matchers.nullValue());
        assertThat(t.text(prd)).isEqualTo(WEAK_PRD);
    }

    @Test
    void contentChangesAreReviewedAutomaticallyOnceEditsPause() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Automatic", WEAK_PRD);
        t.edit(prd, "insert", WEAK_PRD.length(), null, "\n## Risks\n\nNone known, if possible.\n");
        await().atMost(WAIT).untilAsserted(() -> t.viewer().ai().get("/api/v1/prds/" + prd + "/ai/review").then()
                .statusCode(200).body("trigger", equalTo("content_changed"))
                .body("findings.originalText", hasItem("if possible")));
        // turned off: no more automatic reviews for this organization
        t.admin().ai().body(Map.of("disabledActions", List.of("review")))
                .patch("/api/v1/orgs/" + t.orgId() + "/ai/settings").then().statusCode(200);
        t.member().ai().post("/api/v1/prds/" + prd + "/ai/review").then().statusCode(403);
    }

    @Test
    void settingsAreValidatedAndOnlyAdministratorsChangeThem() {
        Tenant t = Fixture.tenant();
        String url = "/api/v1/orgs/" + t.orgId() + "/ai/settings";
        t.member().ai().body(Map.of("aiEnabled", false)).patch(url).then().statusCode(403);
        t.outsider().ai().body(Map.of("aiEnabled", false)).patch(url).then().statusCode(404);
        t.admin().ai().body(Map.of("colour", "red")).patch(url).then().statusCode(400)
                .contentType("application/problem+json").body("allowed", hasItem("aiEnabled"));
        t.admin().ai().body(Map.of("promptRetentionDays", -1, "aiEnabled", "yes")).patch(url).then().statusCode(400)
                .body("errors.field", hasItem("promptRetentionDays")).body("errors.field", hasItem("aiEnabled"));
        t.admin().ai().body(Map.of("disabledActions", List.of("teleport"))).patch(url).then().statusCode(400);
        t.admin().ai().body("[1]").patch(url).then().statusCode(400);
        t.admin().ai().body(Map.of("promptRetentionDays", 7, "disabledActions", List.of("diagram"))).patch(url)
                .then().statusCode(200).body("promptRetentionDays", equalTo(7))
                .body("retentionSource", equalTo("organization"))
                .body("actions.find { it.name == 'diagram' }.enabled", equalTo(false));
        var nulls = new java.util.HashMap<String, Object>();
        nulls.put("promptRetentionDays", null);
        t.admin().ai().body(nulls).patch(url).then().statusCode(200).body("retentionSource", equalTo("deployment"));
    }

    @Test
    void anOrganizationsProviderMustNotPointIntoThePrivateNetwork() {
        Tenant t = Fixture.tenant();
        String url = "/api/v1/orgs/" + t.orgId() + "/ai/provider";
        t.admin().ai().body(Map.of("baseUrl", "https://127.0.0.1:8443/v1", "model", "m")).put(url).then()
                .statusCode(422).contentType("application/problem+json").body("detail", containsString("private"));
        t.admin().ai().body(Map.of("baseUrl", "https://169.254.169.254/latest", "model", "m")).put(url).then()
                .statusCode(422);
        t.admin().ai().body(Map.of("baseUrl", "https://[::1]/v1", "model", "m")).put(url).then().statusCode(422);
        t.admin().ai().body(Map.of("baseUrl", "https://localhost/v1", "model", "m")).put(url).then().statusCode(422);
        t.admin().ai().body(Map.of("baseUrl", "http://api.example.com/v1", "model", "m")).put(url).then()
                .statusCode(400).body("detail", containsString("https"));
        t.admin().ai().body(Map.of("baseUrl", "https://user:pw@api.example.com/v1", "model", "m")).put(url).then()
                .statusCode(400);
        t.admin().ai().body(Map.of("baseUrl", "https://api.example.com/v1")).put(url).then().statusCode(400)
                .body("detail", containsString("model"));
        t.admin().ai().body(Map.of("kind", "bard", "baseUrl", "https://api.example.com/v1", "model", "m")).put(url)
                .then().statusCode(400);
        t.member().ai().body(Map.of("baseUrl", "https://api.example.com/v1", "model", "m")).put(url).then()
                .statusCode(403);
        t.admin().ai().post(url + "/test").then().statusCode(503);
        assertThat(count("SELECT count(*) FROM ai_provider_configs WHERE organization_id = '" + t.orgId() + "'"))
                .isZero();
    }

    @Test
    void theRubricCanBeAdjustedAndReset() {
        Tenant t = Fixture.tenant();
        String url = "/api/v1/orgs/" + t.orgId() + "/ai/rubric";
        String defaultVersion = t.viewer().ai().get(url).then().statusCode(200)
                .body("effective", notNullValue()).extract().path("version");
        t.member().ai().body(Map.of()).put(url).then().statusCode(403);
        t.admin().ai().body(Map.of("dimensions", Map.of("no_such_dimension", Map.of("enabled", false)))).put(url)
                .then().statusCode(400).contentType("application/problem+json");
        String adjusted = t.admin().ai().body(Map.of("dimensions", Map.of("dependencies", Map.of("enabled",
                false)))).put(url).then().statusCode(200).extract().path("version");
        assertThat(adjusted).isNotEqualTo(defaultVersion);
        UUID prd = t.prd("Rubric", WEAK_PRD);
        t.member().ai().post("/api/v1/prds/" + prd + "/ai/review").then().statusCode(200)
                .body("rubricVersion", equalTo(adjusted))
                .body("scores", org.hamcrest.Matchers.not(hasKey("dependencies")));
        t.admin().ai().delete(url).then().statusCode(200).body("version", equalTo(defaultVersion));
    }

    @Test
    void usageIsForAdministratorsAndSaysTheBudget() {
        Tenant t = Fixture.tenant();
        String url = "/api/v1/orgs/" + t.orgId() + "/ai/usage";
        t.admin().ai().get(url).then().statusCode(200).body("budget.tokenBudget", equalTo(200000))
                .body("budget.tokensUsed", equalTo(0)).body("byUser", org.hamcrest.Matchers.empty());
        t.member().ai().get(url).then().statusCode(403);
        t.outsider().ai().get(url).then().statusCode(404);
        t.admin().ai().queryParam("period", "December").get(url).then().statusCode(400);
        t.admin().ai().queryParam("period", "2026-01").get(url).then().statusCode(200)
                .body("budget.period", equalTo("2026-01"));
    }

    @Test
    void suggestionsAndInteractionsAreTenantChecked() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Tenancy", WEAK_PRD);
        String finding = t.member().ai().post("/api/v1/prds/" + prd + "/ai/review").then().statusCode(200)
                .extract().path("findings[0].id");
        t.viewer().ai().get("/api/v1/prds/" + prd + "/ai/suggestions").then().statusCode(200);
        t.outsider().ai().get("/api/v1/prds/" + prd + "/ai/suggestions").then().statusCode(404);
        t.outsider().ai().get("/api/v1/prds/" + prd + "/ai/suggestions/" + finding).then().statusCode(404);
        t.outsider().ai().post("/api/v1/prds/" + prd + "/ai/suggestions/" + finding + "/accept").then()
                .statusCode(404);
        t.viewer().ai().post("/api/v1/prds/" + prd + "/ai/suggestions/" + finding + "/accept").then()
                .statusCode(403);
        t.member().ai().get("/api/v1/prds/" + prd + "/ai/suggestions/" + UUID.randomUUID()).then().statusCode(404);
        t.member().ai().queryParam("status", "maybe").get("/api/v1/prds/" + prd + "/ai/suggestions").then()
                .statusCode(400);
        t.member().ai().queryParam("limit", 1000).get("/api/v1/prds/" + prd + "/ai/suggestions").then()
                .statusCode(400);
        t.member().ai().get("/api/v1/prds/" + prd + "/ai/interactions").then().statusCode(200);
        t.member().ai().queryParam("all", true).get("/api/v1/prds/" + prd + "/ai/interactions").then()
                .statusCode(403);
        t.admin().ai().queryParam("all", true).get("/api/v1/prds/" + prd + "/ai/interactions").then()
                .statusCode(200);
        t.member().ai().get("/api/v1/ai/interactions/" + UUID.randomUUID()).then().statusCode(404);
        t.member().ai().post("/api/v1/ai/interactions/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
    }
}
