package io.prdtool.integration.jira;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.prdtool.integration.http.HttpAuth;
import io.prdtool.integration.standin.JiraStandIn;
import io.prdtool.integration.standin.VendorStandIn.CommitThenDelay;
import io.prdtool.integration.support.Fixture;
import io.prdtool.integration.support.Fixture.Tenant;
import io.prdtool.integration.support.Services;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The Jira target end to end: a Jira integration made through the REST API, PRD versions made in the real prd-service,
 * issues created in the {@link JiraStandIn} (every request checked against Jira's OpenAPI spec and the ADF schema):
 * one epic and one child per requirement, updated by the next version, and no duplicate when Jira commits a bulk
 * create but the answer comes too late.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class JiraDeliveryTest {

    static final String EMAIL = "bot@example.com";
    static final String TOKEN = "ATATT3xFfGF0-e2e-secret-token";

    private static Tenant tenant;
    private static Vertx vertx;
    private static JiraStandIn jira;

    @Inject
    JiraBackSync backSync;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        jira = new JiraStandIn(vertx, new HttpAuth.Basic(EMAIL, TOKEN).headerValue()).start();
    }

    @AfterAll
    static void stop() {
        try {
            assertThat(jira.violations()).as("requests the Jira spec rejects").isEmpty();
        } finally {
            jira.close();
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
        UUID project = UUID.fromString(t.owner().prd().body(Map.of("name", "Jira " + UUID.randomUUID()))
                .post("/api/v1/orgs/" + t.orgId() + "/projects").then().statusCode(201).extract().path("id"));
        await().atMost(Fixture.WAIT).until(() -> Fixture.count("SELECT count(*) FROM projects WHERE id = '"
                + project + "'") == 1);
        return project;
    }

    static String integration(Tenant t, UUID project) {
        return t.admin().api().body(Map.of("type", "jira", "name", "jira " + UUID.randomUUID(), "settings",
                Map.of("baseUrl", jira.baseUrl(), "email", EMAIL, "projectKey", JiraStandIn.PROJECT, "autoPublish",
                        true, "projectIds", List.of(project.toString())),
                "secret", TOKEN)).post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(201)
                .extract().path("id");
    }

    static UUID prd(Tenant t, UUID project, String content) {
        return UUID.fromString(t.member().prd().body(Map.of("title", "Offline export", "content", content))
                .post("/api/v1/projects/" + project + "/prds").then().statusCode(201).extract().path("id"));
    }

    static List<JiraStandIn.Issue> issuesOf(UUID prd) {
        return jira.issues().stream().filter(i -> i.labels().contains(JiraDeliverer.prdLabel(prd))).toList();
    }

    static JsonArray deliveries(Tenant t, String integration) {
        return new JsonObject(t.admin().api().get("/api/v1/integrations/" + integration + "/deliveries").then()
                .statusCode(200).extract().asString()).getJsonArray("items");
    }

    static long delivered(Tenant t, String integration) {
        return deliveries(t, integration).stream().map(JsonObject.class::cast)
                .filter(d -> "delivered".equals(d.getString("status"))).count();
    }

    static final String V1 = "# Offline export\n\n## Functional requirements\n\n"
            + "- FR-1: Export the current version to PDF.\n"
            + "- FR-2: Export a chosen older version.\n  Versions are listed newest first.\n"
            + "- Export keeps tables as real tables.\n";

    @Test
    void anEpicAndOneIssuePerRequirementThenTheNextVersionUpdatesThem() {
        Tenant t = tenant();
        UUID project = project(t);
        String id = integration(t, project);
        t.admin().api().post("/api/v1/integrations/" + id + "/test").then().statusCode(200)
                .body("ok", equalTo(true));

        UUID prd = prd(t, project, V1);
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 1);
        List<JiraStandIn.Issue> issues = issuesOf(prd);
        assertThat(issues).hasSize(4);
        JiraStandIn.Issue epic = issues.stream().filter(i -> i.parentKey() == null).findFirst().orElseThrow();
        assertThat(epic.labels()).contains("prdtool", JiraDeliverer.prdLabel(prd));
        assertThat(epic.summary()).isEqualTo("Offline export");
        assertThat(epic.remoteLinks).hasSize(1);
        assertThat(issues).filteredOn(i -> i != epic).allSatisfy(i -> assertThat(i.parentKey()).isEqualTo(epic.key))
                .extracting(JiraStandIn.Issue::summary)
                .containsExactlyInAnyOrder("FR-1: Export the current version to PDF.",
                        "FR-2: Export a chosen older version.", "Export keeps tables as real tables.");
        assertThat(deliveries(t, id).getJsonObject(0).getString("externalId")).isEqualTo(epic.key);

        // the next version: FR-1 reworded, FR-3 new → one update each, one new issue, nothing duplicated
        t.member().prd().body(Map.of("content", V1.replace("to PDF.", "to PDF and HTML.")
                + "- FR-3: Export a whole project.\n")).patch("/api/v1/prds/" + prd).then().statusCode(200);

        // the dry run sees the edited content: one issue to create, the epic and three issues to update; no Jira call
        int requestsBefore = jira.received().size();
        String preview = "/api/v1/integrations/" + id + "/jira/preview";
        t.admin().api().body(Map.of("prdId", prd.toString())).post(preview).then().statusCode(200)
                .body("creates", equalTo(1)).body("updates", equalTo(4))
                .body("epic.action", equalTo("update")).body("epic.issueKey", equalTo(epic.key))
                .body("issues.find { it.requirementId == 'FR-3' }.action", equalTo("create"));
        assertThat(jira.received()).hasSize(requestsBefore);
        t.member().api().body(Map.of("prdId", prd.toString())).post(preview).then().statusCode(403);
        t.outsider().api().body(Map.of("prdId", prd.toString())).post(preview).then().statusCode(404);
        t.admin().api().body(Map.of("prdId", "not-a-uuid")).post(preview).then().statusCode(400)
                .contentType("application/problem+json");
        t.admin().api().body(Map.of()).post(preview).then().statusCode(400);
        t.admin().api().body(Map.of("prdId", UUID.randomUUID().toString())).post(preview).then().statusCode(404);
        t.member().prd().body(Map.of("bump", "minor", "changelog", "FR-3")).post("/api/v1/prds/" + prd + "/versions")
                .then().statusCode(201);
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 2);
        assertThat(issuesOf(prd)).hasSize(5).extracting(JiraStandIn.Issue::summary)
                .contains("FR-1: Export the current version to PDF and HTML.", "FR-3: Export a whole project.");
        assertThat(Fixture.count("SELECT count(*) FROM integration_mappings WHERE integration_id = '" + id
                + "' AND external_type = 'jira-issue' AND sync_status = 'synced'")).isEqualTo(5);
        String log = t.admin().api().get("/api/v1/deliveries/" + deliveries(t, id).getJsonObject(0).getString("id"))
                .then().statusCode(200).extract().asString();
        assertThat(log).doesNotContain(TOKEN);
    }

    @Test
    void aBulkCreateCommittedButAnsweredTooLateMakesNoDuplicates() {
        Tenant t = tenant();
        UUID project = project(t);
        String id = integration(t, project);
        // Jira applies the bulk create, but its answer comes after our timeout (1.5 s in tests)
        jira.failNext("POST", "/rest/api/3/issue/bulk", new CommitThenDelay(Duration.ofSeconds(4)));
        UUID prd = prd(t, project, V1);
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 1);
        assertThat(issuesOf(prd)).hasSize(4);
        assertThat(deliveries(t, id).getJsonObject(0).getInteger("attempts")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void elementsJiraRefusesStayFailedAndAReplayCreatesOnlyThem() {
        Tenant t = tenant();
        UUID project = project(t);
        String id = integration(t, project);
        jira.failBulkElements(1); // FR-2: "Sprint is not on the appropriate screen"
        UUID prd = prd(t, project, V1);
        await().atMost(Fixture.WAIT).until(() -> deliveries(t, id).size() == 1
                && "failed".equals(deliveries(t, id).getJsonObject(0).getString("status")));
        assertThat(issuesOf(prd)).hasSize(3);
        assertThat(Fixture.text("SELECT sync_status || ': ' || sync_error FROM integration_mappings WHERE"
                + " integration_id = '" + id + "' AND external_type = 'jira-issue' AND external_key = 'FR-2'"))
                .startsWith("failed: ").contains("Sprint");

        String delivery = deliveries(t, id).getJsonObject(0).getString("id");
        t.admin().api().post("/api/v1/deliveries/" + delivery + "/retry").then().statusCode(200);
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 1);
        assertThat(issuesOf(prd)).hasSize(4).extracting(JiraStandIn.Issue::summary)
                .containsOnlyOnce("FR-2: Export a chosen older version.");
    }

    @Test
    void jiraWebhooksAndThePollBringStatusBackSignedOnlyAndOnce() {
        Tenant t = tenant();
        UUID project = project(t);
        String id = integration(t, project);
        UUID prd = prd(t, project, V1);
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 1);
        String status = "/api/v1/prds/" + prd + "/integrations/status";
        t.viewer().api().get(status).then().statusCode(200).body("items[0].done", equalTo(0))
                .body("items[0].total", equalTo(3));
        t.outsider().api().get(status).then().statusCode(404);

        String secretPath = "/api/v1/integrations/" + id + "/jira/webhook-secret";
        t.member().api().post(secretPath).then().statusCode(403);
        t.outsider().api().post(secretPath).then().statusCode(404);
        String secret = t.admin().api().post(secretPath).then().statusCode(200).extract().path("secret");
        assertThat(t.admin().api().get("/api/v1/integrations/" + id).then().statusCode(200).extract().asString())
                .doesNotContain(secret);

        JiraStandIn.Issue fr1 = issuesOf(prd).stream().filter(i -> i.summary().startsWith("FR-1")).findFirst()
                .orElseThrow();
        String hook = "/api/v1/hooks/jira/" + id;
        String done = update(fr1.key, "Done", "done");
        // forged or unsigned: 401, nothing stored
        given().contentType(ContentType.JSON).header("X-Hub-Signature", "sha256=" + JiraBackSync.hmac("forged",
                done.getBytes(StandardCharsets.UTF_8))).header("X-Atlassian-Webhook-Identifier", "w-1").body(done)
                .post(hook).then().statusCode(401);
        given().contentType(ContentType.JSON).header("X-Atlassian-Webhook-Identifier", "w-1").body(done).post(hook)
                .then().statusCode(401);
        given().contentType(ContentType.JSON).header("X-Hub-Signature", sign(secret, done)).body(done)
                .post("/api/v1/hooks/jira/" + UUID.randomUUID()).then().statusCode(401);
        assertThat(Fixture.count("SELECT count(*) FROM jira_hook_events WHERE integration_id = '" + id + "'"))
                .isZero();

        given().contentType(ContentType.JSON).header("X-Hub-Signature", sign(secret, done))
                .header("X-Atlassian-Webhook-Identifier", "w-1").body(done).post(hook).then().statusCode(202);
        await().atMost(Fixture.WAIT).untilAsserted(() -> t.member().api().get(status).then().statusCode(200)
                .body("items[0].done", equalTo(1)));
        // a replay of the same delivery id (even re-signed with other content) is accepted and changes nothing
        String reopened = update(fr1.key, "To Do", "new");
        given().contentType(ContentType.JSON).header("X-Hub-Signature", sign(secret, reopened))
                .header("X-Atlassian-Webhook-Identifier", "w-1").body(reopened).post(hook).then().statusCode(202);
        assertThat(Fixture.count("SELECT count(*) FROM jira_hook_events WHERE integration_id = '" + id + "'"))
                .isEqualTo(1);
        assertThat(Fixture.text("SELECT remote_status FROM integration_mappings WHERE integration_id = '" + id
                + "' AND external_id = '" + fr1.key + "'")).isEqualTo("Done");

        // the poll catches what no webhook reported
        JiraStandIn.Issue fr2 = issuesOf(prd).stream().filter(i -> i.summary().startsWith("FR-2")).findFirst()
                .orElseThrow();
        jira.setStatus(fr1.key, "Done", "done"); // what the webhook reported: the poll reads Jira's current state
        jira.setStatus(fr2.key, "Done", "done");
        backSync.poll(UUID.fromString(id)).await().atMost(Duration.ofSeconds(30));
        t.member().api().get(status).then().statusCode(200).body("items[0].done", equalTo(2))
                .body("items[0].total", equalTo(3));
    }

    @Test
    void aRequirementANewVersionDropsIsLabelledCommentedOnceAndLeavesDoneTotal() {
        Tenant t = tenant();
        UUID project = project(t);
        String id = integration(t, project);
        // explicit ids only: removing an item shifts the positional ids of unnumbered items after it (Requirements)
        String v1 = V1.replace("- Export keeps", "- FR-9: Export keeps");
        UUID prd = prd(t, project, v1);
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 1);
        JiraStandIn.Issue fr2 = issuesOf(prd).stream().filter(i -> i.summary().startsWith("FR-2")).findFirst()
                .orElseThrow();
        jira.setStatus(fr2.key, "Done", "done");
        backSync.poll(UUID.fromString(id)).await().atMost(Duration.ofSeconds(30));
        String status = "/api/v1/prds/" + prd + "/integrations/status";
        t.member().api().get(status).then().statusCode(200).body("items[0].done", equalTo(1))
                .body("items[0].total", equalTo(3)).body("items[0].removed", equalTo(0));

        // FR-2 leaves the PRD; the dry run says what will happen to its issue
        String withoutFr2 = v1.replace("- FR-2: Export a chosen older version.\n  Versions are listed newest first.\n",
                "");
        t.member().prd().body(Map.of("content", withoutFr2)).patch("/api/v1/prds/" + prd).then().statusCode(200);
        t.admin().api().body(Map.of("prdId", prd.toString())).post("/api/v1/integrations/" + id + "/jira/preview")
                .then().statusCode(200).body("removes", equalTo(1))
                .body("issues.find { it.requirementId == 'FR-2' }.action", equalTo("remove"))
                .body("issues.find { it.requirementId == 'FR-2' }.issueKey", equalTo(fr2.key));

        // Jira applies the comment but answers after our timeout: the retry finds it and adds no second one
        jira.failNext("POST", "/rest/api/3/issue/" + fr2.key + "/comment", new CommitThenDelay(Duration.ofSeconds(4)));
        String version = t.member().prd().body(Map.of("bump", "minor", "changelog", "FR-2 dropped"))
                .post("/api/v1/prds/" + prd + "/versions").then().statusCode(201).extract().path("version");
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 2);
        assertThat(deliveries(t, id).getJsonObject(0).getInteger("attempts")).isGreaterThanOrEqualTo(2);
        JiraStandIn.Issue removed = jira.issue(fr2.key);
        assertThat(removed.labels()).contains(JiraDeliverer.REMOVED_LABEL, "prdtool", JiraDeliverer.prdLabel(prd));
        assertThat(removed.comments).hasSize(1);
        assertThat(removed.comments.get(0).path("body").toString())
                .contains("removed from the PRD in version " + version);
        assertThat(issuesOf(prd)).hasSize(4);
        assertThat(Fixture.text("SELECT sync_status || ' ' || last_version FROM integration_mappings WHERE"
                + " integration_id = '" + id + "' AND external_type = 'jira-issue' AND external_key = 'FR-2'"))
                .isEqualTo("removed " + version);
        t.member().api().get(status).then().statusCode(200).body("items[0].done", equalTo(0))
                .body("items[0].total", equalTo(2)).body("items[0].removed", equalTo(1));

        // a later version without FR-2 leaves it alone; one that brings it back updates the same issue
        t.member().prd().body(Map.of("bump", "patch")).post("/api/v1/prds/" + prd + "/versions").then()
                .statusCode(201);
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 3);
        assertThat(jira.issue(fr2.key).comments).hasSize(1);
        t.member().prd().body(Map.of("content", v1)).patch("/api/v1/prds/" + prd).then().statusCode(200);
        t.member().prd().body(Map.of("bump", "minor")).post("/api/v1/prds/" + prd + "/versions").then()
                .statusCode(201);
        await().atMost(Fixture.WAIT).until(() -> delivered(t, id) == 4);
        assertThat(jira.issue(fr2.key).labels()).doesNotContain(JiraDeliverer.REMOVED_LABEL);
        assertThat(issuesOf(prd)).hasSize(4);
        t.member().api().get(status).then().statusCode(200).body("items[0].done", equalTo(1))
                .body("items[0].total", equalTo(3)).body("items[0].removed", equalTo(0));
    }

    static String update(String key, String status, String category) {
        return new JsonObject().put("webhookEvent", "jira:issue_updated").put("issue", new JsonObject()
                .put("key", key).put("fields", new JsonObject().put("status", new JsonObject().put("name", status)
                        .put("statusCategory", new JsonObject().put("key", category)))))
                .encode();
    }

    static String sign(String secret, String body) {
        return "sha256=" + JiraBackSync.hmac(secret, body.getBytes(StandardCharsets.UTF_8));
    }
}
