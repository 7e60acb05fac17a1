package io.prdtool.integration.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.adf.AdfWriter;
import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.http.HttpAuth;
import io.prdtool.integration.http.HttpTransport;
import io.prdtool.integration.standin.JiraStandIn;
import io.prdtool.integration.standin.VendorStandIn;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

class JiraClientTest {

    static final String TOKEN = "ATATT3xFfGF0-secret-token";
    static final HttpAuth AUTH = new HttpAuth.Basic("bot@example.com", TOKEN);
    static final Duration WAIT = Duration.ofSeconds(15);

    static Vertx vertx;
    JiraStandIn jira;
    HttpTransport http;
    JiraClient client;
    JiraSite site;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void start() {
        jira = new JiraStandIn(vertx, AUTH.headerValue()).start();
        http = new HttpTransport(vertx, new HttpTransport.Settings(true, Duration.ofSeconds(2), Duration.ofSeconds(2),
                1024 * 1024));
        client = new JiraClient(http);
        site = new JiraSite(jira.baseUrl() + "/", AUTH);
    }

    @AfterEach
    void stop() {
        try {
            assertThat(jira.violations()).as("requests the Jira spec rejects").isEmpty();
        } finally {
            http.close();
            jira.close();
        }
    }

    static String sample() throws IOException {
        try (InputStream in = JiraClientTest.class.getResourceAsStream("/markdown/prd-sample.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    static DeliveryException failure(Uni<?> uni) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> uni.await().atMost(WAIT)).isInstanceOfSatisfying(DeliveryException.class,
                e -> caught[0] = e);
        DeliveryException e = (DeliveryException) caught[0];
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        if (e.responseExcerpt() != null) {
            assertThat(e.responseExcerpt()).doesNotContain(TOKEN);
        }
        return e;
    }

    IssueInput story(String summary, String label, String parent) {
        return IssueInput.of(IssueInput.fields(JiraStandIn.PROJECT, JiraStandIn.STORY_TYPE, summary,
                AdfWriter.toAdf("Story **" + summary + "**"), List.of("prdtool", label), parent));
    }

    @Test
    void myselfTestsTheCredentials() {
        JiraUser me = await(client.myself(site));

        assertThat(me.accountId()).isEqualTo("5b10a2844c20165700ede21g");
        assertThat(me.emailAddress()).isEqualTo("bot@example.com");
        assertThat(jira.received().get(0).headers().get("host")).isEqualTo(jira.baseUrl().substring(7));
    }

    @Test
    void wrongTokenIsAnAuthFailure() {
        JiraSite wrong = new JiraSite(jira.baseUrl(), new HttpAuth.Basic("bot@example.com", "not-the-token"));

        DeliveryException e = failure(client.myself(wrong));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.AUTH);
        assertThat(e.kind().disables()).isTrue();
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.responseExcerpt()).doesNotContain("not-the-token");
    }

    @Test
    void createMetaFindsEpicAndStory() {
        List<JiraIssueType> types = await(client.createMeta(site, JiraStandIn.PROJECT));

        assertThat(JiraIssueType.epic(types)).map(JiraIssueType::id).contains(JiraStandIn.EPIC_TYPE);
        assertThat(JiraIssueType.child(types)).map(JiraIssueType::id).contains(JiraStandIn.STORY_TYPE);
        assertThat(types).hasSize(4);
    }

    @Test
    void createMetaFieldsShowWhatMustBeSet() {
        jira.epicNameRequired(true);

        List<JiraField> fields = await(client.createMetaFields(site, JiraStandIn.PROJECT, JiraStandIn.EPIC_TYPE));

        assertThat(fields).filteredOn(JiraField::mustBeSet).extracting(JiraField::fieldId)
                .contains("summary", "customfield_10011");
    }

    @Test
    void unknownProjectIsTerminal() {
        DeliveryException e = failure(client.createMeta(site, "NOPE"));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TERMINAL);
        assertThat(e.status()).isEqualTo(404);
    }

    @Test
    void createsAnEpicWithThePrdAsAdfAndAChildUnderIt() throws IOException {
        ObjectNode epicFields = IssueInput.fields(JiraStandIn.PROJECT, JiraStandIn.EPIC_TYPE, "Offline export",
                AdfWriter.toAdf(sample()), List.of("prdtool", "prdtool-7f3a9c2e"), null);
        ObjectNode provenance = JsonNodeFactory.instance.objectNode().put("prdId", "p-1").put("version", "1.2.0");

        CreatedIssue epic = await(client.createIssue(site, new IssueInput(epicFields, Map.of("prdtool", provenance))));
        CreatedIssue child = await(client.createIssue(site, story("FR-1 Export to PDF", "prdtool-0a1b2c3d",
                epic.key())));

        assertThat(epic.key()).isEqualTo("PRD-1");
        assertThat(child.key()).isEqualTo("PRD-2");
        assertThat(jira.issue("PRD-2").parentKey()).isEqualTo("PRD-1");
        assertThat(jira.issue("PRD-1").labels()).containsExactly("prdtool", "prdtool-7f3a9c2e");
        assertThat(jira.issue("PRD-1").fields.at("/description/type").asText()).isEqualTo("doc");
    }

    @Test
    void invalidAdfIsCaughtByTheStandIn() {
        ObjectNode fields = IssueInput.fields(JiraStandIn.PROJECT, JiraStandIn.STORY_TYPE, "x", null, List.of(), null);
        fields.putObject("description").put("type", "doc").put("version", 1).putArray("content").addObject()
                .put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", "");

        DeliveryException e = failure(client.createIssue(site, IssueInput.of(fields)));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TERMINAL);
        assertThat(jira.violations()).singleElement().asString().contains("not valid ADF");
        jira.clearLog();
    }

    @Test
    void bulkCreateReportsEachElement() {
        jira.failBulkElements(1, 3);
        List<IssueInput> inputs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inputs.add(story("Requirement " + i, "prdtool-r" + i, null));
        }

        List<BulkItem> items = await(client.bulkCreate(site, inputs));

        assertThat(items).extracting(BulkItem::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(items).extracting(BulkItem::created).containsExactly(true, false, true, false, true);
        assertThat(items.get(0).issue().key()).isEqualTo("PRD-1");
        assertThat(items.get(2).issue().key()).isEqualTo("PRD-2");
        assertThat(items.get(4).issue().key()).isEqualTo("PRD-3");
        assertThat(items.get(1).status()).isEqualTo(400);
        assertThat(items.get(1).error()).contains("Sprint is not on the appropriate screen");
        assertThat(jira.issues()).extracting(JiraStandIn.Issue::summary)
                .containsExactly("Requirement 0", "Requirement 2", "Requirement 4");
    }

    @Test
    void bulkCreateWhereEveryElementFailsIsStillPerElement() {
        jira.failBulkElements(0, 1);

        List<BulkItem> items = await(client.bulkCreate(site,
                List.of(story("a", "prdtool-a", null), story("b", "prdtool-b", null))));

        assertThat(items).noneMatch(BulkItem::created);
        assertThat(jira.issues()).isEmpty();
    }

    @Test
    void bulkCreateTakesAtMostFifty() {
        List<IssueInput> inputs = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            inputs.add(story("r" + i, "prdtool-r" + i, null));
        }

        assertThatThrownBy(() -> client.bulkCreate(site, inputs).await().atMost(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(jira.received()).isEmpty();
    }

    @Test
    void rateLimitIsRetryableAfterTheAnnouncedDelay() {
        jira.failNext("POST", "/rest/api/3/issue", VendorStandIn.Status.retryAfter(429, 7));

        DeliveryException e = failure(client.createIssue(site, story("a", "prdtool-a", null)));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(jira.issues()).isEmpty();
    }

    @Test
    void unavailableIsRetryable() {
        jira.failNext("POST", "/rest/api/3/search/jql", VendorStandIn.Status.retryAfter(503, 2));

        DeliveryException e = failure(client.searchByLabel(site, "prdtool-a"));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void goneSiteDisablesTheIntegration() {
        jira.failNext("GET", "/rest/api/3/myself", VendorStandIn.Status.of(410));

        DeliveryException e = failure(client.myself(site));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GONE);
        assertThat(e.kind().disables()).isTrue();
    }

    @Test
    void timeoutAfterTheWriteIsFoundByItsLabelSoNothingIsCreatedTwice() {
        jira.failNext("POST", "/rest/api/3/issue", new VendorStandIn.CommitThenDelay(Duration.ofSeconds(4)));
        jira.searchLag(Duration.ofMillis(300));

        DeliveryException e = failure(client.createIssue(site, story("FR-1 Export", "prdtool-5e6f7a8b", null)));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        // the retry looks before it creates: search is eventually consistent, so it waits (the backoff) and looks
        List<JiraIssue> found = Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> await(client.searchByLabel(site, "prdtool-5e6f7a8b")), l -> !l.isEmpty());
        assertThat(found).singleElement().extracting(JiraIssue::key).isEqualTo("PRD-1");
        assertThat(jira.issues()).hasSize(1);
    }

    @Test
    void connectionClosedAfterTheWriteIsRetryableAndTheIssueIsFound() {
        jira.failNext("POST", "/rest/api/3/issue", new VendorStandIn.CommitThenClose());

        DeliveryException e = failure(client.createIssue(site, story("FR-2", "prdtool-11112222", null)));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        assertThat(await(client.searchByLabel(site, "prdtool-11112222"))).extracting(JiraIssue::key)
                .containsExactly("PRD-1");
    }

    @Test
    void updateRetriesOnceOnConflict() {
        CreatedIssue issue = await(client.createIssue(site, story("old", "prdtool-a", null)));
        jira.failNext("PUT", "/rest/api/3/issue/PRD-1", VendorStandIn.Status.of(409));

        await(client.updateIssue(site, issue.key(), story("new", "prdtool-a", null)));

        assertThat(jira.issue("PRD-1").summary()).isEqualTo("new");
        assertThat(jira.received()).filteredOn(r -> r.method().equals("PUT")).hasSize(2);
    }

    @Test
    void secondConflictIsTerminal() {
        await(client.createIssue(site, story("old", "prdtool-a", null)));
        jira.failNext("PUT", "/rest/api/3/issue/PRD-1", VendorStandIn.Status.of(409));
        jira.failNext("PUT", "/rest/api/3/issue/PRD-1", VendorStandIn.Status.of(409));

        DeliveryException e = failure(client.updateIssue(site, "PRD-1", story("new", "prdtool-a", null)));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TERMINAL);
        assertThat(e.status()).isEqualTo(409);
        assertThat(jira.issue("PRD-1").summary()).isEqualTo("old");
    }

    @Test
    void redirectIsNeverFollowed() {
        jira.failNext("POST", "/rest/api/3/issue", new VendorStandIn.Redirect(
                "http://127.0.0.1:" + jira.baseUrl().replaceAll(".*:", "") + "/redirected"));

        DeliveryException e = failure(client.createIssue(site, story("a", "prdtool-a", null)));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TERMINAL);
        assertThat(e.status()).isEqualTo(302);
        assertThat(jira.received()).extracting(VendorStandIn.Received::path).doesNotContain("/redirected");
        assertThat(jira.issues()).isEmpty();
    }

    @Test
    void privateTargetsAreRefusedUnlessAllowed() {
        try (HttpTransport strict = new HttpTransport(vertx, HttpTransport.Settings.defaults())) {
            JiraClient guarded = new JiraClient(strict);
            String port = jira.baseUrl().replaceAll(".*:", "");

            for (String base : List.of(jira.baseUrl(), "https://localhost:" + port, "https://127.0.0.1:" + port,
                    "https://[::1]:" + port, "https://169.254.169.254")) {
                DeliveryException e = failure(guarded.myself(new JiraSite(base, AUTH)));
                assertThat(e.kind()).as(base).isEqualTo(DeliveryException.Kind.TERMINAL);
            }
        }
        assertThat(jira.received()).isEmpty();
    }

    @Test
    void unreachableSiteIsRetryable() {
        String port = jira.baseUrl().replaceAll(".*:", "");
        jira.close();

        DeliveryException e = failure(client.myself(new JiraSite("http://localhost:" + port, AUTH)));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
    }

    @Test
    void searchByLabelFollowsNextPageTokens() {
        for (int batch = 0; batch < 5; batch++) {
            List<IssueInput> inputs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                inputs.add(IssueInput.of(IssueInput.fields(JiraStandIn.PROJECT, JiraStandIn.TASK_TYPE,
                        "task " + (batch * 50 + i), null, List.of("prdtool-bulk"), null)));
            }
            await(client.bulkCreate(site, inputs));
        }

        List<JiraIssue> found = await(client.searchByLabel(site, "prdtool-bulk"));

        assertThat(found).hasSize(250);
        assertThat(found).extracting(JiraIssue::key).doesNotHaveDuplicates();
        assertThat(jira.received()).filteredOn(r -> r.path().endsWith("/search/jql")).hasSize(3);
    }

    @Test
    void searchStatusesReadsStatusAndParent() {
        CreatedIssue epic = await(client.createIssue(site, IssueInput.of(IssueInput.fields(JiraStandIn.PROJECT,
                JiraStandIn.EPIC_TYPE, "Epic", null, List.of("prdtool-epic"), null))));
        await(client.createIssue(site, story("one", "prdtool-x1", epic.key())));
        await(client.createIssue(site, story("two", "prdtool-x2", epic.key())));
        jira.setStatus("PRD-3", "Done", "done");

        List<JiraIssue> children = await(client.searchStatuses(site, "parent = " + epic.key() + " ORDER BY key"));

        assertThat(children).extracting(JiraIssue::key).containsExactly("PRD-2", "PRD-3");
        assertThat(children).extracting(JiraIssue::status).containsExactly("To Do", "Done");
        assertThat(children).extracting(JiraIssue::done).containsExactly(false, true);
        assertThat(children).extracting(JiraIssue::parentKey).containsOnly("PRD-1");
    }

    @Test
    void remoteLinkIsIdempotentByGlobalId() {
        await(client.createIssue(site, story("a", "prdtool-a", null)));

        long first = await(client.remoteLink(site, "PRD-1", "prdtool:prd:p-1", "https://prd.example/p/1", "PRD v1"));
        long second = await(client.remoteLink(site, "PRD-1", "prdtool:prd:p-1", "https://prd.example/p/1", "PRD v2"));

        assertThat(second).isEqualTo(first);
        assertThat(jira.issue("PRD-1").remoteLinks).hasSize(1);
        assertThat(jira.issue("PRD-1").remoteLinks.get("prdtool:prd:p-1").at("/object/title").asText())
                .isEqualTo("PRD v2");
    }

    @Test
    void quotesLabelsInJql() {
        assertThat(JiraClient.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
