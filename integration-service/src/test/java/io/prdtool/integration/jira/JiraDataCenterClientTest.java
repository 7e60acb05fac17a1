package io.prdtool.integration.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.http.HttpAuth;
import io.prdtool.integration.http.HttpTransport;
import io.prdtool.integration.standin.JiraStandIn;
import io.prdtool.integration.standin.VendorStandIn;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * {@link JiraClient} against Jira Data Center ({@link JiraStandIn} in Data Center mode: REST API v2 only, every body
 * checked against the hand-written v2 request schema): Bearer PAT, wiki-markup text, Epic Link / Epic Name fields,
 * {@code startAt} search paging, and the same faults as Cloud.
 */
class JiraDataCenterClientTest {

    static final String TOKEN = "NjM0NTY3ODkwMTIzOdc-pat-secret";
    static final HttpAuth AUTH = new HttpAuth.Bearer(TOKEN);
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
        jira = new JiraStandIn(vertx, AUTH.headerValue(), true).start();
        http = new HttpTransport(vertx, new HttpTransport.Settings(true, Duration.ofSeconds(2), Duration.ofSeconds(2),
                1024 * 1024));
        client = new JiraClient(http);
        site = new JiraSite(jira.baseUrl(), AUTH, true);
    }

    @AfterEach
    void stop() {
        try {
            assertThat(jira.violations()).as("requests the Data Center v2 contract rejects").isEmpty();
        } finally {
            http.close();
            jira.close();
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
        return e;
    }

    IssueInput story(String summary, String label, String epicKey) {
        ObjectNode fields = IssueInput.fields(JiraStandIn.PROJECT, JiraStandIn.STORY_TYPE, summary,
                site.richText("Story **" + summary + "** {html}x{html}"), List.of("prdtool", label), null);
        if (epicKey != null) {
            fields.put(JiraStandIn.EPIC_LINK, epicKey);
        }
        return IssueInput.of(fields);
    }

    @Test
    void settingsChooseVersionTwoAndBearerForDataCenter() {
        ObjectNode settings = JsonNodeFactory.instance.objectNode().put("baseUrl", "https://jira.example.com/")
                .put("deployment", "datacenter");
        JiraSite dc = JiraSite.of(settings, TOKEN);
        assertThat(dc.dataCenter()).isTrue();
        assertThat(dc.apiPrefix()).isEqualTo("/rest/api/2");
        assertThat(dc.auth()).isEqualTo(new HttpAuth.Bearer(TOKEN));
        assertThat(dc.richText("**x**").asText()).isEqualTo("*x*");
        JiraSite cloud = JiraSite.of(settings.put("deployment", "cloud").put("email", "a@example.com"), TOKEN);
        assertThat(cloud.apiPrefix()).isEqualTo("/rest/api/3");
        assertThat(cloud.richText("x").path("type").asText()).isEqualTo("doc");
    }

    @Test
    void myselfAndCreateMetaSpeakVersionTwo() {
        assertThat(await(client.myself(site)).accountId()).isEqualTo("JIRAUSER10100");
        List<JiraIssueType> types = await(client.createMeta(site, JiraStandIn.PROJECT));

        assertThat(JiraIssueType.epic(types)).map(JiraIssueType::id).contains(JiraStandIn.EPIC_TYPE);
        assertThat(JiraIssueType.child(types)).map(JiraIssueType::id).contains(JiraStandIn.STORY_TYPE);
        assertThat(await(client.createMetaFields(site, JiraStandIn.PROJECT, JiraStandIn.EPIC_TYPE)))
                .anyMatch(f -> f.fieldId().equals(JiraStandIn.EPIC_NAME) && f.mustBeSet());
        assertThat(jira.received()).allMatch(r -> r.path().startsWith("/rest/api/2/"));
    }

    @Test
    void epicFieldsAreFoundByTheirCustomType() {
        JiraClient.EpicFields fields = await(client.epicFields(site));

        assertThat(fields.epicLink()).isEqualTo(JiraStandIn.EPIC_LINK);
        assertThat(fields.epicName()).isEqualTo(JiraStandIn.EPIC_NAME);
    }

    @Test
    void anEpicWithItsNameAndAChildLinkedByEpicLinkInWikiMarkup() {
        ObjectNode epicFields = IssueInput.fields(JiraStandIn.PROJECT, JiraStandIn.EPIC_TYPE, "Offline export",
                site.plainText("PRD Offline export v1.0.0"), List.of("prdtool-epic"), null);
        // without Epic Name Data Center refuses the epic
        DeliveryException refused = failure(client.createIssue(site, IssueInput.of(epicFields.deepCopy())));
        assertThat(refused.kind()).isEqualTo(DeliveryException.Kind.TERMINAL);
        assertThat(refused.responseExcerpt()).contains("Epic Name is required");
        epicFields.put(JiraStandIn.EPIC_NAME, "Offline export");
        CreatedIssue epic = await(client.createIssue(site, IssueInput.of(epicFields)));

        CreatedIssue child = await(client.createIssue(site, story("FR-1", "prdtool-fr1", epic.key())));

        assertThat(jira.issue(child.key()).parentKey()).isEqualTo(epic.key());
        assertThat(jira.issue(child.key()).fields.path("description").asText())
                .isEqualTo("Story *FR\\-1* \\{html\\}x\\{html\\}");
        List<JiraIssue> children = await(client.searchStatuses(site, "parent = " + epic.key()));
        assertThat(children).extracting(JiraIssue::key).containsExactly(child.key());
    }

    @Test
    void aCloudShapedBodyIsCaughtByTheContract() {
        ObjectNode fields = IssueInput.fields(JiraStandIn.PROJECT, JiraStandIn.STORY_TYPE, "adf",
                io.prdtool.integration.adf.AdfWriter.toAdf("x"), List.of("prdtool"), "PRD-1");

        failure(client.createIssue(site, IssueInput.of(fields)));

        assertThat(jira.violations()).anyMatch(v -> v.contains("createIssue") && v.contains("description"))
                .anyMatch(v -> v.contains("parent"));
        jira.clearLog();
    }

    @Test
    void bulkCreateReportsEachElement() {
        jira.failBulkElements(1);
        List<IssueInput> inputs = List.of(story("a", "prdtool-a", null), story("b", "prdtool-b", null),
                story("c", "prdtool-c", null));

        List<BulkItem> items = await(client.bulkCreate(site, inputs));

        assertThat(items).extracting(BulkItem::created).containsExactly(true, false, true);
        assertThat(items.get(1).error()).contains("Sprint is not on the appropriate screen");
        assertThat(jira.issues()).hasSize(2);
    }

    @Test
    void searchPagesByStartAtUpToTotal() {
        for (int batch = 0; batch < 3; batch++) {
            List<IssueInput> inputs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                inputs.add(story("task " + (batch * 40 + i), "prdtool-paged", null));
            }
            await(client.bulkCreate(site, inputs));
        }

        List<JiraIssue> found = await(client.searchByLabel(site, "prdtool-paged"));

        assertThat(found).hasSize(120).extracting(JiraIssue::key).doesNotHaveDuplicates();
        // the stand-in caps a page at 50 like Jira's default: 0, 50, 100
        assertThat(jira.received()).filteredOn(r -> r.path().equals("/rest/api/2/search"))
                .extracting(r -> r.json().path("startAt").asInt()).containsExactly(0, 50, 100);
    }

    @Test
    void faultsAreClassifiedAsOnCloud() {
        jira.failNext("POST", "/rest/api/2/issue", VendorStandIn.Status.retryAfter(429, 7));
        DeliveryException limited = failure(client.createIssue(site, story("a", "prdtool-a", null)));
        assertThat(limited.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));

        jira.failNext("POST", "/rest/api/2/search", VendorStandIn.Status.of(503));
        assertThat(failure(client.searchByLabel(site, "prdtool-a")).kind())
                .isEqualTo(DeliveryException.Kind.RETRYABLE);

        JiraSite wrong = new JiraSite(jira.baseUrl(), new HttpAuth.Bearer("not-the-pat"), true);
        DeliveryException auth = failure(client.myself(wrong));
        assertThat(auth.kind()).isEqualTo(DeliveryException.Kind.AUTH);
        assertThat(auth.kind().disables()).isTrue();
        assertThat(jira.issues()).isEmpty();
    }

    @Test
    void timeoutAfterTheWriteIsFoundByItsLabelSoNothingIsCreatedTwice() {
        jira.failNext("POST", "/rest/api/2/issue", new VendorStandIn.CommitThenDelay(Duration.ofSeconds(4)));
        jira.searchLag(Duration.ofMillis(300));

        DeliveryException e = failure(client.createIssue(site, story("FR-1 Export", "prdtool-5e6f7a8b", null)));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        List<JiraIssue> found = Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> await(client.searchByLabel(site, "prdtool-5e6f7a8b")), l -> !l.isEmpty());
        assertThat(found).singleElement().extracting(JiraIssue::key).isEqualTo("PRD-1");
        assertThat(jira.issues()).hasSize(1);
    }

    @Test
    void commentsAreWikiMarkupAndFoundAgain() {
        await(client.createIssue(site, story("a", "prdtool-a", null)));
        String note = "Removed in version 1.2.0-rc.1 [really]";

        await(client.addComment(site, "PRD-1", site.plainText(note)));

        assertThat(jira.issue("PRD-1").comments.get(0).path("body").asText())
                .isEqualTo("Removed in version 1.2.0\\-rc.1 \\[really\\]");
        assertThat(await(client.hasComment(site, "PRD-1", WikiMarkupWriter.plainText(note)))).isTrue();
        assertThat(await(client.hasComment(site, "PRD-1", "other"))).isFalse();
        assertThat(await(client.remoteLink(site, "PRD-1", "prdtool:prd:1", "https://prd.example/p/1", "PRD")))
                .isPositive();
    }
}
