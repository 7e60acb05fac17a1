package io.prdtool.integration.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.prdtool.integration.support.Events;
import io.prdtool.integration.support.Fixture;
import io.prdtool.integration.support.Fixture.Tenant;
import io.prdtool.integration.support.Services;
import io.prdtool.shared.events.Topics;
import io.prdtool.shared.events.prd.PrdVersionCreated;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The git target end to end: a git integration made through the REST API (git:// on 127.0.0.1 is allowed by the test
 * profile only), PRD versions made in the real prd-service, commits pushed to JGit's {@link org.eclipse.jgit.transport.Daemon},
 * {@code PrdVersionCommitted} on Kafka and the hash recorded by prd-service.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class GitDeliveryTest {

    private static Tenant tenant;
    private static GitTestRepos repos;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("git-delivery");
        repos = new GitTestRepos(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        repos.close();
    }

    static synchronized Tenant tenant() {
        if (tenant == null) {
            tenant = Fixture.tenant();
        }
        return tenant;
    }

    /** A project of its own (so each test's integration sees only its PRDs), known to integration-service. */
    static UUID project(Tenant t) {
        UUID project = UUID.fromString(t.owner().prd().body(Map.of("name", "Git " + UUID.randomUUID()))
                .post("/api/v1/orgs/" + t.orgId() + "/projects").then().statusCode(201).extract().path("id"));
        await().atMost(Fixture.WAIT).until(() -> Fixture.count("SELECT count(*) FROM projects WHERE id = '"
                + project + "'") == 1);
        return project;
    }

    static UUID prd(Tenant t, UUID project, String title, String content) {
        return UUID.fromString(t.member().prd().body(Map.of("title", title, "content", content))
                .post("/api/v1/projects/" + project + "/prds").then().statusCode(201).extract().path("id"));
    }

    /** A git integration on a new repository for {@code project}; returns its id. */
    static String integration(Tenant t, UUID project, String repo) throws Exception {
        repos.create(repo);
        return t.admin().api().body(Map.of("type", "git", "name", "git " + repo, "settings", Map.of("repoUrl",
                repos.gitUrl(repo), "projectIds", List.of(project.toString())), "secret",
                "ghp_test0123456789abcdef")).post("/api/v1/orgs/" + t.orgId() + "/integrations").then()
                .statusCode(201).extract().path("id");
    }

    static JsonArray deliveries(Tenant t, String integration) {
        return new JsonObject(t.admin().api().get("/api/v1/integrations/" + integration + "/deliveries").then()
                .statusCode(200).extract().asString()).getJsonArray("items");
    }

    static List<RevCommit> prdCommits(String repo, UUID prd) throws Exception {
        return repos.log(repo, "main").stream()
                .filter(c -> c.getFooterLines("PRD-Id").contains(prd.toString())).toList();
    }

    @Test
    void eachVersionIsOneCommitEvenWhenRedeliveredAndPrdServiceRecordsTheHash() throws Exception {
        Tenant t = tenant();
        UUID project = project(t);
        String repo = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String id = integration(t, project, repo);
        // the connection test lists the remote's refs (an empty repository: the branch does not exist yet)
        t.admin().api().post("/api/v1/integrations/" + id + "/test").then().statusCode(200)
                .body("ok", equalTo(true));
        t.member().api().post("/api/v1/integrations/" + id + "/test").then().statusCode(403);
        t.outsider().api().post("/api/v1/integrations/" + id + "/test").then().statusCode(404);

        UUID prd = prd(t, project, "Checkout redesign", "# Checkout\n\nPay in one step.\n");
        String v2 = t.member().prd().body(Map.of("bump", "minor", "changelog", "Second cut"))
                .post("/api/v1/prds/" + prd + "/versions").then().statusCode(201).extract().path("version");
        await().atMost(Fixture.WAIT).until(() -> prdCommits(repo, prd).size() == 2);
        RevCommit head = repos.log(repo, "main").get(0);
        assertThat(head.getFooterLines("PRD-Version")).containsExactly(v2);
        assertThat(head.getFullMessage()).contains("Second cut");
        String file = repos.read(repo, head.name(), "prds/checkout-redesign.md");
        assertThat(file).contains("Pay in one step.").contains("version: ");
        await().atMost(Fixture.WAIT).until(() -> deliveries(t, id).stream().map(JsonObject.class::cast)
                .filter(d -> "delivered".equals(d.getString("status"))).count() == 2);

        // PrdVersionCommitted for both versions, and prd-service keeps the hash on the version
        var committed = TopicProbe.read(Topics.INTEGRATION, r -> prd.toString().equals(r.key())
                && "io.prdtool.PrdVersionCommitted".equals(TopicProbe.header(r, "ce_type")), 2,
                Duration.ofSeconds(30));
        assertThat(committed).hasSize(2);
        assertThat(committed).anySatisfy(r -> assertThat(new JsonObject(new String(r.value()))
                .getString("commitHash")).isEqualTo(head.name()));
        await().atMost(Fixture.WAIT).untilAsserted(() -> t.member().prd().get("/api/v1/prds/" + prd
                + "/versions/" + v2).then().statusCode(200).body("commitHash", equalTo(head.name())));

        // Kafka redelivers the same records: nothing new is recorded; a new event for a committed version (another
        // source, same PRD and version) is delivered without a second commit
        var originals = TopicProbe.read(Topics.PRD, r -> prd.toString().equals(r.key())
                && "io.prdtool.PrdVersionCreated".equals(TopicProbe.header(r, "ce_type")), 2, Duration.ofSeconds(30));
        originals.forEach(Events::republish);
        Events.publish(UUID.randomUUID(), new PrdVersionCreated(prd, t.orgId(), project, UUID.randomUUID(), v2,
                null, "minor", "Second cut", null, null, null, "Checkout redesign", "checkout-redesign", "draft",
                "# Checkout\n\nPay in one step.\n", 31), "prd-service");
        await().atMost(Fixture.WAIT).until(() -> deliveries(t, id).stream().map(JsonObject.class::cast)
                .filter(d -> "delivered".equals(d.getString("status"))).count() == 3);
        assertThat(deliveries(t, id)).hasSize(3);
        assertThat(prdCommits(repo, prd)).hasSize(2);
        JsonObject third = deliveries(t, id).stream().map(JsonObject.class::cast)
                .filter(d -> head.name().equals(d.getString("externalId"))).findFirst().orElseThrow();
        assertThat(third.getString("status")).isEqualTo("delivered");
        // the secret never shows in the attempt log
        String log = t.admin().api().get("/api/v1/deliveries/" + third.getString("id")).then().statusCode(200)
                .extract().asString();
        assertThat(log).doesNotContain("ghp_test0123456789abcdef");
    }

    @Test
    void aVersionTooLargeForItsEventIsReadFromPrdServiceByClaimCheck() throws Exception {
        Tenant t = tenant();
        UUID project = project(t);
        String repo = "big-" + UUID.randomUUID().toString().substring(0, 8);
        integration(t, project, repo);
        String big = "# Big\n\n" + "A line of requirements that repeats to pass the inline limit.\n".repeat(5000);
        assertThat(big.length()).isGreaterThan(PrdVersionCreated.INLINE_MARKDOWN_MAX_BYTES);
        UUID prd = prd(t, project, "Big one", big);
        await().atMost(Fixture.WAIT).until(() -> prdCommits(repo, prd).size() == 1);
        String file = repos.read(repo, prdCommits(repo, prd).get(0).name(), "prds/big-one.md");
        assertThat(file).endsWith(big);
    }

    @Test
    void anUnreachableRemoteFailsTheConnectionTest() throws Exception {
        Tenant t = tenant();
        String id = t.admin().api().body(Map.of("type", "git", "name", "git unreachable", "settings", Map.of(
                "repoUrl", "git://127.0.0.1:1/nothing-listens.git"), "secret",
                "ghp_test0123456789abcdef")).post("/api/v1/orgs/" + t.orgId() + "/integrations").then()
                .statusCode(201).extract().path("id");
        t.admin().api().post("/api/v1/integrations/" + id + "/test").then().statusCode(200)
                .body("ok", equalTo(false));
    }
}
