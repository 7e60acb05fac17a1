package io.prdtool.integration.jira;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

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
import io.prdtool.integration.standin.VendorStandIn.Status;
import io.prdtool.integration.support.Fixture;
import io.prdtool.integration.support.Fixture.Tenant;
import io.prdtool.integration.support.Services;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;

/**
 * The Jira target with {@code deployment: datacenter} end to end: REST API v2 only, a Bearer personal access token,
 * descriptions and comments in wiki markup, children linked to the epic by Epic Link, the epic named by Epic Name
 * (required by the stand-in, as in most Data Center projects). Every request body is checked against the hand-written
 * v2 request schema ({@code vendor-specs/jira-datacenter-v2-requests.schema.json}).
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class JiraDataCenterDeliveryTest {

    static final String PAT = "NjM0NTY3ODkwMTIzOdc-e2e-pat";

    private static Tenant tenant;
    private static Vertx vertx;
    private static JiraStandIn jira;

    @Inject
    JiraBackSync backSync;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        jira = new JiraStandIn(vertx, new HttpAuth.Bearer(PAT).headerValue(), true).start();
    }

    @AfterAll
    static void stop() {
        try {
            assertThat(jira.violations()).as("requests the Data Center v2 contract rejects").isEmpty();
            assertThat(jira.received()).allMatch(r -> r.path().startsWith("/rest/api/2/"));
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

    static String integration(Tenant t, UUID project) {
        return t.admin().api().body(Map.of("type", "jira", "name", "jira dc " + UUID.randomUUID(), "settings",
                Map.of("baseUrl", jira.baseUrl(), "deployment", "datacenter", "projectKey", JiraStandIn.PROJECT,
                        "autoPublish", true, "projectIds", List.of(project.toString())),
                "secret", PAT)).post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(201)
                .extract().path("id");
    }

    static List<JiraStandIn.Issue> issuesOf(UUID prd) {
        return jira.issues().stream().filter(i -> i.labels().contains(JiraDeliverer.prdLabel(prd))).toList();
    }

    static JiraStandIn.Issue epicOf(UUID prd) {
        return issuesOf(prd).stream().filter(i -> i.parentKey() == null).findFirst().orElseThrow();
    }

    static JiraStandIn.Issue issue(UUID prd, String summaryPrefix) {
        return issuesOf(prd).stream().filter(i -> i.summary().startsWith(summaryPrefix)).findFirst().orElseThrow();
    }

    static final String V1 = JiraDeliveryTest.V1.replace("- Export keeps", "- FR-9: Export keeps")
            + "\n## Notes\n\n{html}<b>x</b>{html} stays text.\n";

    @Test
    void epicAndChildrenInWikiMarkupNoDuplicateAfterATimeoutAndTheNextVersionUpdates() {
        Tenant t = tenant();
        UUID project = JiraDeliveryTest.project(t);
        String id = integration(t, project);
        t.admin().api().post("/api/v1/integrations/" + id + "/test").then().statusCode(200)
                .body("ok", equalTo(true));
        assertThat(jira.received()).anyMatch(r -> r.path().equals("/rest/api/2/field"));
        assertThat(t.admin().api().get("/api/v1/integrations/" + id).then().statusCode(200).extract().asString())
                .doesNotContain(PAT);

        // Data Center commits the bulk create but answers after our timeout; a 429 and a 503 come on top
        jira.failNext("POST", "/rest/api/2/issue/bulk", new CommitThenDelay(Duration.ofSeconds(4)));
        jira.failNext("POST", "/rest/api/2/search", Status.retryAfter(429, 1));
        jira.failNext("PUT", "/rest/api/2/issue/.*", Status.of(503));
        UUID prd = JiraDeliveryTest.prd(t, project, V1);
        await().atMost(Fixture.WAIT).until(() -> JiraDeliveryTest.delivered(t, id) == 1);
        assertThat(JiraDeliveryTest.deliveries(t, id).getJsonObject(0).getInteger("attempts"))
                .isGreaterThanOrEqualTo(2);

        List<JiraStandIn.Issue> issues = issuesOf(prd);
        assertThat(issues).hasSize(4);
        JiraStandIn.Issue epic = epicOf(prd);
        assertThat(epic.fields.path(JiraStandIn.EPIC_NAME).asText()).isEqualTo("Offline export");
        assertThat(epic.fields.path("description").isTextual()).isTrue();
        assertThat(epic.remoteLinks).hasSize(1);
        assertThat(issues).filteredOn(i -> i != epic)
                .allSatisfy(i -> assertThat(i.fields.path(JiraStandIn.EPIC_LINK).asText()).isEqualTo(epic.key))
                .allSatisfy(i -> assertThat(i.fields.has("parent")).isFalse())
                .extracting(JiraStandIn.Issue::summary)
                .containsExactlyInAnyOrder("FR-1: Export the current version to PDF.",
                        "FR-2: Export a chosen older version.", "FR-9: Export keeps tables as real tables.");
        assertThat(issue(prd, "FR-2").fields.path("description").asText()).contains("Versions are listed newest");

        // the next version: FR-1 reworded, FR-3 new; the dry run first (no Jira call)
        t.member().prd().body(Map.of("content", V1.replace("to PDF.", "to PDF and HTML.").replace(
                "real tables.\n", "real tables.\n- FR-3: Export a *whole* project.\n"))).patch("/api/v1/prds/" + prd)
                .then().statusCode(200);
        int before = jira.received().size();
        t.admin().api().body(Map.of("prdId", prd.toString())).post("/api/v1/integrations/" + id + "/jira/preview")
                .then().statusCode(200).body("creates", equalTo(1)).body("updates", equalTo(4))
                .body("epic.issueKey", equalTo(epic.key));
        assertThat(jira.received()).hasSize(before);
        t.member().prd().body(Map.of("bump", "minor")).post("/api/v1/prds/" + prd + "/versions").then()
                .statusCode(201);
        await().atMost(Fixture.WAIT).until(() -> JiraDeliveryTest.delivered(t, id) == 2);
        assertThat(issuesOf(prd)).hasSize(5).extracting(JiraStandIn.Issue::summary)
                .contains("FR-1: Export the current version to PDF and HTML.", "FR-3: Export a whole project.");
        assertThat(issue(prd, "FR-3").fields.path(JiraStandIn.EPIC_LINK).asText()).isEqualTo(epic.key);
        assertThat(Fixture.count("SELECT count(*) FROM integration_mappings WHERE integration_id = '" + id
                + "' AND external_type = 'jira-issue' AND sync_status = 'synced'")).isEqualTo(5);
        String log = t.admin().api().get("/api/v1/deliveries/" + JiraDeliveryTest.deliveries(t, id)
                .getJsonObject(0).getString("id")).then().statusCode(200).extract().asString();
        assertThat(log).doesNotContain(PAT);
    }

    @Test
    void refusedElementsAreReplayedAloneAndARemovedRequirementIsCommentedOnce() {
        Tenant t = tenant();
        UUID project = JiraDeliveryTest.project(t);
        String id = integration(t, project);
        jira.failBulkElements(1); // FR-2 refused
        UUID prd = JiraDeliveryTest.prd(t, project, V1);
        await().atMost(Fixture.WAIT).until(() -> JiraDeliveryTest.deliveries(t, id).size() == 1
                && "failed".equals(JiraDeliveryTest.deliveries(t, id).getJsonObject(0).getString("status")));
        assertThat(issuesOf(prd)).hasSize(3);
        String delivery = JiraDeliveryTest.deliveries(t, id).getJsonObject(0).getString("id");
        t.admin().api().post("/api/v1/deliveries/" + delivery + "/retry").then().statusCode(200);
        await().atMost(Fixture.WAIT).until(() -> JiraDeliveryTest.delivered(t, id) == 1);
        assertThat(issuesOf(prd)).hasSize(4).extracting(JiraStandIn.Issue::summary)
                .containsOnlyOnce("FR-2: Export a chosen older version.");

        // FR-2 leaves; Data Center applies the comment but answers too late: the retry finds it
        JiraStandIn.Issue fr2 = issue(prd, "FR-2");
        t.member().prd().body(Map.of("content", V1.replace(
                "- FR-2: Export a chosen older version.\n  Versions are listed newest first.\n", "")))
                .patch("/api/v1/prds/" + prd).then().statusCode(200);
        jira.failNext("POST", "/rest/api/2/issue/" + fr2.key + "/comment", new CommitThenDelay(Duration.ofSeconds(4)));
        String version = t.member().prd().body(Map.of("bump", "minor", "changelog", "FR-2 dropped"))
                .post("/api/v1/prds/" + prd + "/versions").then().statusCode(201).extract().path("version");
        await().atMost(Fixture.WAIT).until(() -> JiraDeliveryTest.delivered(t, id) == 2);
        JiraStandIn.Issue removed = jira.issue(fr2.key);
        assertThat(removed.labels()).contains(JiraDeliverer.REMOVED_LABEL, JiraDeliverer.prdLabel(prd));
        assertThat(removed.comments).hasSize(1);
        assertThat(removed.comments.get(0).path("body").asText()).contains("removed from the PRD in version");
        assertThat(issuesOf(prd)).hasSize(4);

        // back-sync: the poll (startAt paging over v2 search) and a signed Data Center webhook (no delivery id)
        String status = "/api/v1/prds/" + prd + "/integrations/status";
        t.member().api().get(status).then().statusCode(200).body("items[0].done", equalTo(0))
                .body("items[0].total", equalTo(2)).body("items[0].removed", equalTo(1));
        jira.setStatus(issue(prd, "FR-1").key, "Done", "done");
        backSync.poll(UUID.fromString(id)).await().atMost(Duration.ofSeconds(30));
        t.member().api().get(status).then().statusCode(200).body("items[0].done", equalTo(1))
                .body("items[0].total", equalTo(2));
        String secret = t.admin().api().post("/api/v1/integrations/" + id + "/jira/webhook-secret").then()
                .statusCode(200).extract().path("secret");
        String done = JiraDeliveryTest.update(issue(prd, "FR-9").key, "Closed", "done");
        for (int i = 0; i < 2; i++) { // Data Center may send no delivery id: a replay is recognised by its body
            given().contentType(ContentType.JSON).header("X-Hub-Signature", JiraDeliveryTest.sign(secret, done))
                    .body(done).post("/api/v1/hooks/jira/" + id).then().statusCode(202);
        }
        assertThat(Fixture.count("SELECT count(*) FROM jira_hook_events WHERE integration_id = '" + id + "'"))
                .isEqualTo(1);
        await().atMost(Fixture.WAIT).untilAsserted(() -> t.member().api().get(status).then().statusCode(200)
                .body("items[0].done", equalTo(2)).body("items[0].total", equalTo(2)));
        assertThat(version).isNotBlank();
    }

    @Test
    void aRevokedTokenFailsTheTestAndNothingIsCreated() {
        Tenant t = tenant();
        UUID project = JiraDeliveryTest.project(t);
        String id = t.admin().api().body(Map.of("type", "jira", "name", "jira dc bad " + UUID.randomUUID(),
                "settings", Map.of("baseUrl", jira.baseUrl(), "deployment", "datacenter", "projectKey",
                        JiraStandIn.PROJECT, "projectIds", List.of(project.toString())),
                "secret", "revoked-pat")).post("/api/v1/orgs/" + t.orgId() + "/integrations").then()
                .statusCode(201).extract().path("id");
        int issuesBefore = jira.issues().size();

        t.admin().api().post("/api/v1/integrations/" + id + "/test").then().statusCode(200)
                .body("ok", equalTo(false)).body("failure", equalTo("auth"));

        assertThat(jira.issues()).hasSize(issuesBefore);
    }
}
