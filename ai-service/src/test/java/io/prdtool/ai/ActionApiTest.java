package io.prdtool.ai;

import static io.prdtool.ai.support.Fixture.WAIT;
import static io.prdtool.ai.support.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.prdtool.ai.interaction.Maintenance;
import io.prdtool.ai.support.Fixture;
import io.prdtool.ai.support.Fixture.Tenant;
import io.prdtool.ai.support.Services;
import io.prdtool.ai.support.WithProvider;
import io.prdtool.shared.events.Topics;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.OpenAiStandIn;
import io.prdtool.testinfra.OpenAiStandIn.Scenario;
import io.prdtool.testinfra.SseClient;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * Generative actions end to end: real prd-service and collab-service, the OpenAI stand-in as the deployment's
 * provider. Every call is recorded with its tokens and published; suggestions land in the live document only when a
 * user accepts them.
 */
@QuarkusTest
@TestProfile(WithProvider.class)
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class ActionApiTest {

    private static final String DOC = "# Checkout\n\n## Problem\n\nThe checkout should be fast and easy.\n\n"
            + "## Goals\n\nMore orders.\n";

    private OpenAiStandIn standIn;

    @Inject
    Maintenance maintenance;

    @BeforeEach
    void reset() {
        standIn = Services.standIn();
        standIn.reset();
    }

    private static String action(UUID prd, String name) {
        return "/api/v1/prds/" + prd + "/ai/actions/" + name;
    }

    private static Map<String, Object> selection(String text, int start) {
        return Map.of("selection", Map.of("text", text, "start", start));
    }

    @Test
    void improveMakesAnAnchoredSuggestionAndRecordsTheCall() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Checkout", DOC);
        String passage = "The checkout should be fast and easy.";
        standIn.enqueue(Scenario.reply("Checkout completes in under 2 s (p95) in at most 3 steps.").usage(120, 18));

        ValidatableResponse r = t.member().ai().body(selection(passage, DOC.indexOf(passage)))
                .post(action(prd, "improve")).then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("action", equalTo("improve"))
                .body("promptVersion", equalTo("improve/v1"))
                .body("modelRequested", equalTo(WithProvider.MODEL))
                .body("promptTokens", equalTo(120))
                .body("responseTokens", equalTo(18))
                .body("usageEstimated", equalTo(false))
                .body("providerSource", equalTo("deployment"))
                .body("suggestions", hasSize(1))
                .body("suggestions[0].status", equalTo("open"))
                .body("suggestions[0].originalText", equalTo(passage))
                .body("suggestions[0].anchor.start", equalTo(DOC.indexOf(passage)))
                .body("suggestions[0].suggestedText",
                        equalTo("Checkout completes in under 2 s (p95) in at most 3 steps."));
        String interactionId = r.extract().path("id");

        // only the selection and its section's title went to the provider, inside the delimiters
        var sent = standIn.lastRequest();
        assertThat(sent.schemaViolations()).isEmpty();
        assertThat(sent.json().getInteger("max_tokens")).isPositive();
        String prompt = sent.json().getJsonArray("messages").encode();
        assertThat(prompt).contains("<prd_text>").contains(passage.replace("\"", "\\\"")).contains("Problem")
                .doesNotContain("More orders");
        assertThat(sent.header("authorization")).isEqualTo("Bearer deployment-key");
        // the live text is untouched until someone accepts
        assertThat(t.text(prd)).isEqualTo(DOC);

        List<ConsumerRecord<String, byte[]>> events = TopicProbe.read(Topics.AI,
                rec -> interactionId.equals(rec.key()), 2, WAIT);
        assertThat(events).extracting(rec -> TopicProbe.header(rec, "ce_type"))
                .containsExactly("io.prdtool.AiInteractionStarted", "io.prdtool.AiInteractionCompleted");
        t.member().ai().get("/api/v1/ai/interactions/" + interactionId).then().statusCode(200)
                .body("response", equalTo("Checkout completes in under 2 s (p95) in at most 3 steps."));
    }

    @Test
    void streamingSendsTypedEventsWithIdsAndTheSameRecord() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Streamed", DOC);
        String passage = "More orders.";
        standIn.enqueue(Scenario.reply("Orders per week grow 10 % within a quarter.").usage(50, 12)
                .chunkDelay(Duration.ofMillis(20)));
        try (SseClient sse = SseClient.post(action(prd, "improve") + "/stream", t.member().token(),
                "{\"selection\":{\"text\":\"" + passage + "\"}}")) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.header("content-type")).startsWith("text/event-stream");
            assertThat(sse.header("x-accel-buffering")).isEqualTo("no");
            SseClient.Event done = sse.await("done", WAIT);
            List<SseClient.Event> events = sse.events();
            assertThat(events.get(0).name()).isEqualTo("started");
            assertThat(events).extracting(SseClient.Event::name).contains("delta", "usage", "suggestion", "done");
            assertThat(events).extracting(SseClient.Event::id).doesNotContainNull().doesNotHaveDuplicates();
            StringBuilder text = new StringBuilder();
            events.stream().filter(e -> e.name().equals("delta")).forEach(e -> text.append(e.json().getString(
                    "text")));
            assertThat(text).hasToString("Orders per week grow 10 % within a quarter.");
            assertThat(done.json().getString("status")).isEqualTo("completed");
            assertThat(done.json().getInt("promptTokens")).isEqualTo(50);
            assertThat(done.json().getList("suggestions")).hasSize(1);
            sse.awaitEnd(WAIT);
        }
    }

    @Test
    void acceptingAppliesToTheLiveDocumentAtTheAnchorsCurrentPlace() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Accept", DOC);
        String passage = "The checkout should be fast and easy.";
        standIn.enqueue(Scenario.reply("Checkout takes under 2 s."));
        String suggestion = t.member().ai().body(selection(passage, DOC.indexOf(passage)))
                .post(action(prd, "improve")).then().statusCode(200).extract().path("suggestions[0].id");
        // someone types above the passage meanwhile: the anchor moves, the accept follows it
        t.edit(prd, "insert", 0, null, "Draft. ");
        t.member().ai().post("/api/v1/prds/" + prd + "/ai/suggestions/" + suggestion + "/accept")
                .then().statusCode(200)
                .body("status", equalTo("accepted"))
                .body("appliedUpdateId", notNullValue())
                .body("acceptedBySubject", equalTo(t.member().subject()));
        assertThat(t.text(prd)).isEqualTo("Draft. " + DOC.replace(passage, "Checkout takes under 2 s."));
        // accepting twice is refused
        t.member().ai().post("/api/v1/prds/" + prd + "/ai/suggestions/" + suggestion + "/accept")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(TopicProbe.read(Topics.AI, rec -> suggestion.equals(rec.key())
                && "io.prdtool.AiSuggestionAccepted".equals(TopicProbe.header(rec, "ce_type")), 1, WAIT)).hasSize(1);
    }

    @Test
    void acceptingAfterTheQuotedTextChangedIsA409AndTheSuggestionGoesStale() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Stale", DOC);
        String passage = "The checkout should be fast and easy.";
        standIn.enqueue(Scenario.reply("Checkout takes under 2 s."));
        String suggestion = t.member().ai().body(selection(passage, DOC.indexOf(passage)))
                .post(action(prd, "improve")).then().statusCode(200).extract().path("suggestions[0].id");
        t.edit(prd, "replace", DOC.indexOf("fast"), 4, "quick");
        String before = t.text(prd);
        t.member().ai().post("/api/v1/prds/" + prd + "/ai/suggestions/" + suggestion + "/accept")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("stale"));
        t.member().ai().get("/api/v1/prds/" + prd + "/ai/suggestions/" + suggestion).then().statusCode(200)
                .body("status", equalTo("stale"));
        assertThat(t.text(prd)).isEqualTo(before);
    }

    @Test
    void rejectingIsRecordedAndFinal() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Reject", DOC);
        standIn.enqueue(Scenario.reply("Shorter."));
        String suggestion = t.member().ai().body(selection("The checkout should be fast and easy.", 0))
                .post(action(prd, "shorten")).then().statusCode(200).extract().path("suggestions[0].id");
        t.viewer().ai().post("/api/v1/prds/" + prd + "/ai/suggestions/" + suggestion + "/reject")
                .then().statusCode(403);
        t.outsider().ai().post("/api/v1/prds/" + prd + "/ai/suggestions/" + suggestion + "/reject")
                .then().statusCode(404);
        t.admin().ai().post("/api/v1/prds/" + prd + "/ai/suggestions/" + suggestion + "/reject")
                .then().statusCode(200).body("status", equalTo("rejected"))
                .body("rejectedBySubject", equalTo(t.admin().subject()));
        t.member().ai().post("/api/v1/prds/" + prd + "/ai/suggestions/" + suggestion + "/accept")
                .then().statusCode(409);
        t.viewer().ai().queryParam("status", "rejected").get("/api/v1/prds/" + prd + "/ai/suggestions")
                .then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingIsWrittenOrSent() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Refusals", DOC);
        long before = count("SELECT count(*) FROM ai_interactions WHERE organization_id = '" + t.orgId() + "'");
        t.member().ai().body(Map.of()).post(action(prd, "summon")).then().statusCode(404)
                .contentType("application/problem+json").body("allowed", notNullValue());
        t.member().ai().body(Map.of()).post(action(prd, "improve")).then().statusCode(400)
                .contentType("application/problem+json");
        t.member().ai().body(selection("   ", 0)).post(action(prd, "improve")).then().statusCode(400);
        t.member().ai().body(Map.of("selection", Map.of("text", "x".repeat(20_001))))
                .post(action(prd, "expand")).then().statusCode(413).contentType("application/problem+json");
        t.member().ai().body(selection("not in the document", 3)).post(action(prd, "improve")).then()
                .statusCode(409);
        t.member().ai().body(Map.of()).post(action(prd, "draft_section")).then().statusCode(400);
        t.member().ai().body(Map.of()).post(action(prd, "changelog")).then().statusCode(400);
        t.member().ai().body("{\"selection\": ").post(action(prd, "improve")).then().statusCode(400)
                .body("type", endsWith("/malformed-json"));
        t.viewer().ai().body(selection("More orders.", 0)).post(action(prd, "improve")).then().statusCode(403)
                .contentType("application/problem+json");
        t.outsider().ai().body(selection("More orders.", 0)).post(action(prd, "improve")).then().statusCode(404);
        // a streaming request is refused the same way: an HTTP status with a problem body, not an event
        try (SseClient sse = SseClient.post(action(prd, "improve") + "/stream", t.viewer().token(),
                "{\"selection\":{\"text\":\"More orders.\"}}")) {
            assertThat(sse.status()).isEqualTo(403);
            assertThat(sse.header("content-type")).startsWith("application/problem+json");
        }
        t.member().ai().body(selection("More orders.", 0)).post(action(UUID.randomUUID(), "improve")).then()
                .statusCode(404);
        t.member().ai().header("Idempotency-Key", "has space").body(selection("More orders.", 0))
                .post(action(prd, "improve")).then().statusCode(400);
        assertThat(count("SELECT count(*) FROM ai_interactions WHERE organization_id = '" + t.orgId() + "'"))
                .isEqualTo(before);
        assertThat(standIn.requests()).isEmpty();
    }

    @Test
    void aProviderAnsweringGarbageIs502AndRecordedAsFailed() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Garbage", DOC);
        standIn.enqueue(Scenario.malformedChunk());
        String detail = t.member().ai().body(selection("More orders.", DOC.indexOf("More orders.")))
                .post(action(prd, "improve")).then().statusCode(502).contentType("application/problem+json")
                .body("type", endsWith("/bad-gateway")).extract().path("detail");
        assertThat(detail).contains("malformed");
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM ai_interactions WHERE organization_id = '"
                + t.orgId() + "' AND status = 'failed' AND error_code = 'invalid_output'") == 1);
        assertThat(count("SELECT count(*) FROM ai_suggestions WHERE prd_id = '" + prd + "'")).isZero();
        assertThat(TopicProbe.read(Topics.AI, rec -> t.orgId().toString().equals(TopicProbe.header(rec, "ce_orgid"))
                && "io.prdtool.AiInteractionFailed".equals(TopicProbe.header(rec, "ce_type")), 1, WAIT)).hasSize(1);
    }

    @Test
    void aJsonActionWhoseAnswerIsNotTheAskedShapeIs502() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Stories bad", DOC);
        standIn.enqueue(Scenario.reply("{\"stories\": \"none\"}"));
        t.member().ai().body(Map.of()).post(action(prd, "user_stories")).then().statusCode(502)
                .body("detail", containsString("stories"));
    }

    @Test
    void theProvidersRateLimitIsPassedOnWithRetryAfter() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Provider 429", DOC);
        standIn.enqueue(Scenario.error(429, "requests", "rate_limit_exceeded", "Too many").retryAfter("9"));
        t.member().ai().body(selection("More orders.", DOC.indexOf("More orders."))).post(action(prd, "improve"))
                .then().statusCode(429).header("Retry-After", "9").contentType("application/problem+json");
    }

    @Test
    void withoutUsageFromTheProviderTokensAreCountedLocallyAndFlagged() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Estimated", DOC);
        standIn.enqueue(Scenario.reply("A measurable goal: 10 % more orders per week by Q3.").withoutUsage());
        t.member().ai().body(selection("More orders.", DOC.indexOf("More orders."))).post(action(prd, "improve"))
                .then().statusCode(200).body("usageEstimated", equalTo(true))
                .body("promptTokens", org.hamcrest.Matchers.greaterThan(20))
                .body("responseTokens", org.hamcrest.Matchers.greaterThan(5));
    }

    @Test
    void structuredActionsBecomeValidatedMarkdownOrResults() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Structured", DOC + "\n## User stories\n\n");
        standIn.enqueue(Scenario.reply("{\"stories\":[{\"title\":\"Fast checkout\",\"asA\":\"shopper\","
                + "\"iWant\":\"to pay in one step\",\"soThat\":\"I finish quickly\",\"acceptanceCriteria\":"
                + "[{\"given\":\"a full cart\",\"when\":\"I pay\",\"then\":\"the order is placed\"}]}]}"));
        t.member().ai().body(Map.of()).post(action(prd, "user_stories")).then().statusCode(200)
                .body("suggestions[0].originalText", equalTo("## User stories"))
                .body("suggestions[0].suggestedText", containsString("Given a full cart, when I pay, then the order"
                        + " is placed."));
        assertThat(standIn.lastRequest().json().getJsonObject("response_format").getString("type"))
                .isEqualTo("json_object");

        standIn.enqueue(Scenario.reply("{\"metrics\":[{\"name\":\"Conversion\",\"baseline\":\"2.1 %\",\"target\":"
                + "\"3 %\",\"timeframe\":\"Q3\",\"measurement\":\"analytics\"}]}"));
        t.member().ai().body(Map.of()).post(action(prd, "success_metrics")).then().statusCode(200)
                .body("suggestions[0].anchor", nullValue())
                .body("suggestions[0].suggestedText", containsString("| Conversion | 2.1 % | 3 % | Q3 |"));

        standIn.enqueue(Scenario.reply("{\"epic\":{\"title\":\"Checkout\",\"description\":\"Faster checkout\"},"
                + "\"stories\":[{\"title\":\"One-step pay\",\"description\":\"Pay in one step\","
                + "\"acceptanceCriteria\":[\"order placed\"],\"priority\":\"High\",\"estimate\":3}]}"));
        t.member().ai().body(Map.of()).post(action(prd, "backlog")).then().statusCode(200)
                .body("suggestions", hasSize(0))
                .body("result.epic.title", equalTo("Checkout"))
                .body("result.stories[0].priority", equalTo("high"))
                .body("result.stories[0].estimate", equalTo(3.0f));

        // a user may ask six times a minute: the rest of the actions are asked by the admin
        standIn.enqueue(Scenario.reply("```mermaid\nflowchart TD\n  A[Cart] --> B[Pay]\n```"));
        t.admin().ai().body(Map.of()).post(action(prd, "diagram")).then().statusCode(200)
                .body("suggestions[0].suggestedText", containsString("```mermaid\nflowchart TD"));

        standIn.enqueue(Scenario.reply("```mermaid\nflowchart TD\n  A --> B\n  click A \"javascript:alert(1)\"\n```"));
        t.admin().ai().body(Map.of()).post(action(prd, "diagram")).then().statusCode(502);

        standIn.enqueue(Scenario.reply("Shoppers abandon carts at the payment step today."));
        t.admin().ai().body(Map.of("section", "Background")).post(action(prd, "draft_section")).then()
                .statusCode(200)
                .body("suggestions[0].anchor", nullValue())
                .body("suggestions[0].suggestedText", containsString("## Background\n\nShoppers abandon"));

        standIn.enqueue(Scenario.reply("{\"findings\":[{\"dimension\":\"goals_metrics\",\"severity\":\"critical\","
                + "\"quote\":\"More orders.\",\"message\":\"Not measurable\",\"suggestion\":\"10 % more orders\"},"
                + "{\"dimension\":\"ambiguity\",\"severity\":\"info\",\"quote\":\"paraphrased text\","
                + "\"message\":\"dropped\"}]}"));
        t.admin().ai().body(Map.of()).post(action(prd, "critique")).then().statusCode(200)
                .body("suggestions", hasSize(1))
                .body("suggestions[0].source", equalTo("llm"))
                .body("suggestions[0].metadata.severity", equalTo("critical"))
                .body("suggestions[0].originalText", equalTo("More orders."));
    }

    @Test
    void changelogSummarizesTheDifferenceBetweenTwoVersions() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Versions", DOC);
        t.member().prd().body(Map.of("bump", "minor")).post("/api/v1/prds/" + prd + "/versions").then()
                .statusCode(201);
        t.member().prd().body(Map.of("content", DOC + "\n## Non-goals\n\nNo new payment providers.\n"))
                .patch("/api/v1/prds/" + prd).then().statusCode(200);
        String v2 = t.member().prd().body(Map.of("bump", "minor")).post("/api/v1/prds/" + prd + "/versions")
                .then().statusCode(201).extract().path("version");
        String v1 = t.member().prd().get("/api/v1/prds/" + prd + "/versions").then().statusCode(200)
                .extract().path("items[1].version");
        standIn.enqueue(Scenario.reply("- Added non-goals: no new payment providers."));
        t.member().ai().body(Map.of("fromVersion", v1, "toVersion", v2)).post(action(prd, "changelog")).then()
                .statusCode(200).body("result.changelog", equalTo("- Added non-goals: no new payment providers."));
        assertThat(standIn.lastRequest().json().getJsonArray("messages").encode()).contains("Non-goals");
        t.member().ai().body(Map.of("fromVersion", v1, "toVersion", "9.9.9")).post(action(prd, "changelog")).then()
                .statusCode(404);
    }

    @Test
    void cancellingStopsTheUpstreamCallAndRecordsIt() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Cancel", DOC);
        standIn.enqueue(Scenario.reply("This answer will never finish because it stalls").stallAfterChunks(3)
                .usage(1, 1));
        try (SseClient sse = SseClient.post(action(prd, "expand") + "/stream", t.member().token(),
                "{\"selection\":{\"text\":\"More orders.\"}}")) {
            String id = sse.await("started", WAIT).json().getString("interactionId");
            sse.await("delta", WAIT);
            // while the provider is silent, heartbeats keep proxies from closing the connection
            await().atMost(WAIT).until(() -> sse.comments() > 0);
            t.outsider().ai().post("/api/v1/ai/interactions/" + id + "/cancel").then().statusCode(404);
            t.member().ai().post("/api/v1/ai/interactions/" + id + "/cancel").then().statusCode(200)
                    .body("status", equalTo("cancelled")).body("cancelReason", equalTo("cancelled"));
            assertThat(standIn.awaitDisconnects(1, Duration.ofSeconds(3))).isTrue();
            SseClient.Event done = sse.await("done", WAIT);
            assertThat(done.json().getString("status")).isEqualTo("cancelled");
            t.member().ai().post("/api/v1/ai/interactions/" + id + "/cancel").then().statusCode(409);
            assertThat(TopicProbe.read(Topics.AI, rec -> id.equals(rec.key())
                    && "io.prdtool.AiInteractionCancelled".equals(TopicProbe.header(rec, "ce_type")), 1, WAIT))
                    .hasSize(1);
        }
    }

    @Test
    void aClientThatHangsUpStopsTheUpstreamCall() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Hang up", DOC);
        standIn.enqueue(Scenario.reply("This answer stalls after a few chunks").stallAfterChunks(3));
        String id;
        try (SseClient sse = SseClient.post(action(prd, "expand") + "/stream", t.member().token(),
                "{\"selection\":{\"text\":\"More orders.\"}}")) {
            id = sse.await("started", WAIT).json().getString("interactionId");
            sse.await("delta", WAIT);
        }
        assertThat(standIn.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
        await().atMost(WAIT).untilAsserted(() -> t.member().ai().get("/api/v1/ai/interactions/" + id).then()
                .body("status", equalTo("cancelled")).body("cancelReason", equalTo("disconnected")));
    }

    @Test
    void theMonthlyBudgetIsEnforcedWith429UntilItRenews() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Budget", DOC);
        t.admin().ai().body(Map.of("monthlyTokenCap", 10)).patch("/api/v1/orgs/" + t.orgId() + "/ai/settings")
                .then().statusCode(403);
        t.owner().ai().body(Map.of("monthlyTokenCap", 10)).patch("/api/v1/orgs/" + t.orgId() + "/ai/settings")
                .then().statusCode(200).body("monthlyTokenCap", equalTo(10));
        t.member().ai().body(selection("More orders.", DOC.indexOf("More orders."))).post(action(prd, "improve"))
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).body("detail", containsString("budget"));
        assertThat(count("SELECT count(*) FROM ai_interactions WHERE organization_id = '" + t.orgId() + "'"))
                .isZero();
        assertThat(standIn.requests()).isEmpty();
    }

    @Test
    void aBudgetCrossingIsAnnouncedOncePerThreshold() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Threshold", DOC);
        // room for the reservation of one call, and its use crosses 80 %
        t.owner().ai().body(Map.of("monthlyTokenCap", 3000)).patch("/api/v1/orgs/" + t.orgId() + "/ai/settings")
                .then().statusCode(200);
        standIn.enqueue(Scenario.reply("Short.").usage(2500, 5));
        t.member().ai().body(selection("More orders.", DOC.indexOf("More orders."))).post(action(prd, "shorten"))
                .then().statusCode(200);
        List<ConsumerRecord<String, byte[]>> events = TopicProbe.read(Topics.AI, rec -> t.orgId().toString()
                .equals(rec.key()) && "io.prdtool.AiBudgetThresholdReached".equals(TopicProbe.header(rec, "ce_type")),
                1, WAIT);
        assertThat(events).hasSize(1);
        var announced = io.restassured.path.json.JsonPath.from(new String(events.get(0).value()));
        assertThat(announced.getInt("thresholdPercent")).isEqualTo(80);
        assertThat(announced.getLong("tokenBudget")).isEqualTo(3000);
        t.owner().ai().get("/api/v1/orgs/" + t.orgId() + "/ai/usage").then().statusCode(200)
                .body("budget.tokensUsed", equalTo(2505))
                .body("byUser[0].key", equalTo(t.member().subject()))
                .body("byAction[0].key", equalTo("shorten"))
                .body("byModel[0].key", equalTo(WithProvider.MODEL));
    }

    @Test
    void aUsersRequestRateIsLimited() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Rate", DOC);
        standIn.defaultScenario(Scenario.reply("Fewer words."));
        for (int i = 0; i < 6; i++) {
            t.member().ai().body(selection("The checkout should be fast and easy.", 0)).post(action(prd, "shorten"))
                    .then().statusCode(200);
        }
        t.member().ai().body(selection("The checkout should be fast and easy.", 0)).post(action(prd, "shorten"))
                .then().statusCode(429).header("Retry-After", notNullValue());
        // another user of the same organization is not slowed down
        t.admin().ai().body(selection("The checkout should be fast and easy.", 0)).post(action(prd, "shorten"))
                .then().statusCode(200);
    }

    @Test
    void aUserMayRunOnlySoManyCallsAtOnce() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Concurrent", DOC);
        standIn.defaultScenario(Scenario.reply("stalls forever and ever").stallAfterChunks(2));
        try (SseClient first = SseClient.post(action(prd, "expand") + "/stream", t.member().token(),
                "{\"selection\":{\"text\":\"More orders.\"}}");
                SseClient second = SseClient.post(action(prd, "expand") + "/stream", t.member().token(),
                        "{\"selection\":{\"text\":\"More orders.\"}}")) {
            first.await("started", WAIT);
            second.await("started", WAIT);
            t.member().ai().body(selection("More orders.", 0)).post(action(prd, "expand")).then().statusCode(429)
                    .body("detail", containsString("running"));
        }
    }

    @Test
    void anIdempotencyKeyMakesARetrySafe() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Idempotent", DOC);
        standIn.enqueue(Scenario.reply("Once."));
        String first = t.member().ai().header("Idempotency-Key", "retry-1").body(selection("More orders.", 0))
                .post(action(prd, "improve")).then().statusCode(200).extract().path("id");
        t.member().ai().header("Idempotency-Key", "retry-1").body(selection("More orders.", 0))
                .post(action(prd, "improve")).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("id", equalTo(first)).body("suggestions", hasSize(1));
        assertThat(standIn.requests()).hasSize(1);
    }

    @Test
    void switchedOffAiOrActionsAre403() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Switches", DOC);
        t.admin().ai().body(Map.of("disabledActions", List.of("improve")))
                .patch("/api/v1/orgs/" + t.orgId() + "/ai/settings").then().statusCode(200);
        t.member().ai().body(selection("More orders.", 0)).post(action(prd, "improve")).then().statusCode(403);
        standIn.enqueue(Scenario.reply("Short."));
        t.member().ai().body(selection("The checkout should be fast and easy.", 0)).post(action(prd, "shorten"))
                .then().statusCode(200);
        t.admin().ai().body(Map.of("aiEnabled", false)).patch("/api/v1/orgs/" + t.orgId() + "/ai/settings")
                .then().statusCode(200).body("aiEnabled", equalTo(false));
        t.member().ai().body(selection("The checkout should be fast and easy.", 0)).post(action(prd, "shorten"))
                .then().statusCode(403).body("detail", containsString("turned off"));
    }

    @Test
    void withZeroRetentionNoTextIsStoredButTheCallerStillGetsTheAnswer() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Private", DOC);
        t.admin().ai().body(Map.of("promptRetentionDays", 0)).patch("/api/v1/orgs/" + t.orgId() + "/ai/settings")
                .then().statusCode(200).body("promptRetentionDays", equalTo(0));
        standIn.enqueue(Scenario.reply("Kept nowhere.").usage(40, 3));
        String id = t.member().ai().body(selection("More orders.", 0)).post(action(prd, "improve")).then()
                .statusCode(200).body("response", equalTo("Kept nowhere.")).extract().path("id");
        assertThat(count("SELECT count(*) FROM ai_interactions WHERE id = '" + id
                + "' AND prompt IS NULL AND response IS NULL AND prompt_tokens = 40")).isOne();
    }

    @Test
    void textPastItsRetentionIsPurgedAndCountsStay() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Retention", DOC);
        t.admin().ai().body(Map.of("promptRetentionDays", 1)).patch("/api/v1/orgs/" + t.orgId() + "/ai/settings")
                .then().statusCode(200);
        standIn.enqueue(Scenario.reply("Old answer.").usage(30, 2));
        String id = t.member().ai().body(selection("More orders.", 0)).post(action(prd, "improve")).then()
                .statusCode(200).extract().path("id");
        Fixture.execute("UPDATE ai_interactions SET created_at = now() - interval '2 days' WHERE id = '" + id + "'");
        maintenance.purgeNow()
                .await().atMost(WAIT);
        t.member().ai().get("/api/v1/ai/interactions/" + id).then().statusCode(200)
                .body("response", nullValue()).body("textPurged", equalTo(true)).body("promptTokens", equalTo(30));
    }

    @Test
    void anOrganizationsOwnProviderIsUsedWithItsEncryptedKey() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd("Own provider", DOC);
        String url = "/api/v1/orgs/" + t.orgId() + "/ai/provider";
        t.member().ai().body(Map.of("baseUrl", standIn.baseUrl(), "model", "org-model")).put(url).then()
                .statusCode(403);
        String saved = t.admin().ai().body(Map.of("baseUrl", standIn.baseUrl(), "model", "org-model", "apiKey",
                "sk-org-secret-9876")).put(url).then().statusCode(200)
                .body("apiKey.set", equalTo(true)).body("apiKey.last4", equalTo("9876")).extract().asString();
        assertThat(saved).doesNotContain("sk-org");
        assertThat(count("SELECT count(*) FROM ai_provider_secrets WHERE organization_id = '" + t.orgId()
                + "' AND ciphertext NOT LIKE '%sk-org%' AND key_id = 'test'")).isOne();
        String config = t.member().ai().get("/api/v1/orgs/" + t.orgId() + "/ai/config").then().statusCode(200)
                .body("source", equalTo("organization")).body("provider.model", equalTo("org-model"))
                .body("provider.baseUrl", nullValue()).body("provider.apiKey", nullValue())
                .extract().asString();
        assertThat(config).doesNotContain("sk-org-secret");

        standIn.requireApiKey("sk-org-secret-9876");
        standIn.enqueue(Scenario.reply("From the organization's provider."));
        t.member().ai().body(selection("More orders.", 0)).post(action(prd, "improve")).then().statusCode(200)
                .body("providerSource", equalTo("organization")).body("modelRequested", equalTo("org-model"));
        assertThat(standIn.lastRequest().header("authorization")).isEqualTo("Bearer sk-org-secret-9876");

        t.admin().ai().post(url + "/test").then().statusCode(200).body("ok", equalTo(true))
                .body("source", equalTo("organization"));
        standIn.requireApiKey("another-key");
        t.admin().ai().post(url + "/test").then().statusCode(200).body("ok", equalTo(false))
                .body("errorCode", equalTo("auth"));

        t.admin().ai().delete(url).then().statusCode(204);
        t.admin().ai().delete(url).then().statusCode(404);
        t.member().ai().get("/api/v1/orgs/" + t.orgId() + "/ai/config").then().statusCode(200)
                .body("source", equalTo("deployment"));
        assertThat(count("SELECT count(*) FROM ai_provider_secrets WHERE organization_id = '" + t.orgId() + "'"))
                .isZero();
    }

    @Test
    void aCallWhoseInstanceDiedIsRecordedAsFailedAndItsReservationReleased() {
        Tenant t = Fixture.tenant();
        UUID id = UUID.randomUUID();
        Fixture.execute("INSERT INTO ai_usage (organization_id, period, tokens_reserved) VALUES ('" + t.orgId()
                + "', date_trunc('month', now() AT TIME ZONE 'UTC')::date, 500)");
        Fixture.execute("INSERT INTO ai_interactions (id, organization_id, user_subject, action, status, provider,"
                + " provider_source, model_requested, prompt_template, prompt_version, reserved_tokens,"
                + " max_output_tokens, lease_until) VALUES ('" + id + "', '" + t.orgId() + "', '"
                + t.member().subject() + "', 'improve', 'streaming', 'openai', 'deployment', 'm', 'improve', 1, 500,"
                + " 100, now() - interval '1 second')");
        maintenance.reap(id)
                .await().atMost(WAIT);
        assertThat(count("SELECT count(*) FROM ai_interactions WHERE id = '" + id + "' AND status = 'failed'"))
                .isOne();
        assertThat(count("SELECT tokens_reserved FROM ai_usage WHERE organization_id = '" + t.orgId() + "'"))
                .isZero();
        assertThat(TopicProbe.read(Topics.AI, rec -> id.toString().equals(rec.key()), 1, WAIT)).hasSize(1);
    }
}
