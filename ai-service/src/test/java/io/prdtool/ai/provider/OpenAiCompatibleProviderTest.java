package io.prdtool.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.prdtool.ai.support.Services;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.OpenAiStandIn;
import io.prdtool.testinfra.OpenAiStandIn.Scenario;
import io.prdtool.testinfra.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * The provider client against a real HTTP server speaking OpenAI's published wire format, one failure mode at a
 * time: what we send (checked against the published request schema), what each kind of answer becomes, and that
 * every way a call can end closes the upstream connection when it must.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class OpenAiCompatibleProviderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    OpenAiCompatibleProvider provider;

    private OpenAiStandIn standIn;

    @BeforeEach
    void reset() {
        standIn = Services.standIn();
        standIn.reset();
    }

    private ProviderConfig config() {
        return new ProviderConfig("openai", standIn.baseUrl(), "model-a", "sk-secret", "2024-10-21", "max_tokens",
                ProviderConfig.Source.DEPLOYMENT, false);
    }

    private static ChatRequest request(boolean json) {
        return new ChatRequest(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Say hello")), 64, 0.2,
                json, "user-hash");
    }

    private List<ChatEvent> collect(ProviderConfig config, ChatRequest request) {
        return provider.chat(config, request).collect().asList().await().atMost(WAIT);
    }

    private static String text(List<ChatEvent> events) {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(e -> e instanceof ChatEvent.Delta).forEach(e -> sb.append(((ChatEvent.Delta) e).text()));
        return sb.toString();
    }

    @Test
    void streamsTheAnswerWithUsageAndSendsOnlyWhatTheSpecAllows() {
        standIn.enqueue(Scenario.reply("Hello there, product team").usage(21, 6));
        List<ChatEvent> events = collect(config(), request(true));
        assertThat(text(events)).isEqualTo("Hello there, product team");
        assertThat(events).contains(new ChatEvent.Usage(21, 6));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChatEvent.Finished.class,
                f -> assertThat(f.finishReason()).isEqualTo("stop")));

        RecordedRequest sent = standIn.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.schemaViolations()).isEmpty();
        assertThat(sent.header("authorization")).isEqualTo("Bearer sk-secret");
        assertThat(sent.json().getBoolean("stream")).isTrue();
        assertThat(sent.json().getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
        assertThat(sent.json().getInteger("max_tokens")).isEqualTo(64);
        assertThat(sent.json().getJsonObject("response_format").getString("type")).isEqualTo("json_object");
        assertThat(sent.json().getString("user")).isEqualTo("user-hash");
    }

    @Test
    void theTokenLimitFieldIsConfigurable() {
        standIn.enqueue(Scenario.reply("ok"));
        collect(new ProviderConfig("openai", standIn.baseUrl(), "o-model", null, null, "max_completion_tokens",
                ProviderConfig.Source.DEPLOYMENT, false), request(false));
        RecordedRequest sent = standIn.lastRequest();
        assertThat(sent.schemaViolations()).isEmpty();
        assertThat(sent.json().getInteger("max_completion_tokens")).isEqualTo(64);
        assertThat(sent.json().containsKey("max_tokens")).isFalse();
        assertThat(sent.header("authorization")).isNull();
    }

    @Test
    void aServerThatIgnoresIncludeUsageGivesNoUsageEvent() {
        standIn.enqueue(Scenario.reply("no usage here").withoutUsage());
        List<ChatEvent> events = collect(config(), request(false));
        assertThat(text(events)).isEqualTo("no usage here");
        assertThat(events).noneMatch(e -> e instanceof ChatEvent.Usage);
    }

    @Test
    void aPlainJsonAnswerToAStreamingRequestIsAccepted() {
        standIn.enqueue(Scenario.plainJsonAnswer("plain answer").usage(5, 2));
        List<ChatEvent> events = collect(config(), request(false));
        assertThat(text(events)).isEqualTo("plain answer");
        assertThat(events).contains(new ChatEvent.Usage(5, 2));
    }

    @Test
    void rateLimitingIsReportedWithRetryAfter() {
        standIn.enqueue(Scenario.error(429, "requests", "rate_limit_exceeded", "Slow down").retryAfter("7"));
        assertThatThrownBy(() -> collect(config(), request(false))).isInstanceOfSatisfying(ProviderException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ProviderException.RATE_LIMITED);
                    assertThat(e.retryAfterSeconds()).isEqualTo(7L);
                    assertThat(e.getMessage()).contains("Slow down");
                });
    }

    @Test
    void aRefusedKeyIsAnAuthFailureThatNeverShowsTheKey() {
        standIn.enqueue(Scenario.error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key"));
        assertThatThrownBy(() -> collect(config(), request(false))).isInstanceOfSatisfying(ProviderException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ProviderException.AUTH);
                    assertThat(e.getMessage()).doesNotContain("sk-secret");
                });
    }

    @Test
    void aServerErrorIsRetryableAProviderErrorIsNot() {
        standIn.enqueue(Scenario.error(503, "server_error", null, "overloaded"));
        assertThatThrownBy(() -> collect(config(), request(false))).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.retryable()).isTrue());
        standIn.enqueue(Scenario.error(400, "invalid_request_error", null, "bad"));
        assertThatThrownBy(() -> collect(config(), request(false))).isInstanceOfSatisfying(ProviderException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ProviderException.PROVIDER_ERROR);
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void aSlowFirstByteTimesOutAndTheConnectionIsClosed() {
        standIn.enqueue(Scenario.reply("late").firstByteDelay(Duration.ofSeconds(8)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> collect(config(), request(false))).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.code()).isEqualTo(ProviderException.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(standIn.awaitDisconnects(1, WAIT)).isTrue();
    }

    @Test
    void aStallMidStreamTimesOutAndTheConnectionIsClosed() {
        standIn.enqueue(Scenario.reply("part one and part two").stallAfterChunks(3));
        assertThatThrownBy(() -> collect(config(), request(false))).isInstanceOfSatisfying(ProviderException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ProviderException.TIMEOUT);
                    assertThat(e.retryable()).isFalse(); // part of the answer was used
                });
        assertThat(standIn.awaitDisconnects(1, WAIT)).isTrue();
    }

    @Test
    void aMalformedChunkFailsTheAnswer() {
        standIn.enqueue(Scenario.malformedChunk());
        assertThatThrownBy(() -> collect(config(), request(false))).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.code()).isEqualTo(ProviderException.INVALID_OUTPUT));
    }

    @Test
    void anOversizedAnswerIsCutOffUpstream() {
        standIn.enqueue(Scenario.oversized(1_000_000));
        assertThatThrownBy(() -> collect(config(), request(false))).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.code()).isEqualTo(ProviderException.OUTPUT_TOO_LARGE));
    }

    @Test
    void anotherContentTypeIsAProviderError() {
        standIn.enqueue(Scenario.nonSse("text/html", "<html>proxy error</html>"));
        assertThatThrownBy(() -> collect(config(), request(false))).isInstanceOfSatisfying(ProviderException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ProviderException.PROVIDER_ERROR);
                    assertThat(e.getMessage()).contains("text/html");
                });
    }

    @Test
    void aDroppedConnectionIsUnreachableAndRetryable() {
        standIn.enqueue(Scenario.dropConnection());
        assertThatThrownBy(() -> collect(config(), request(false))).isInstanceOfSatisfying(ProviderException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ProviderException.UNREACHABLE);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void cancellingTheSubscriptionClosesTheUpstreamConnection() {
        standIn.enqueue(Scenario.reply("a long answer that keeps coming").stallAfterChunks(2));
        List<ChatEvent> seen = new CopyOnWriteArrayList<>();
        AssertSubscriber<ChatEvent> subscriber = provider.chat(config(), request(false))
                .invoke(seen::add)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !seen.isEmpty());
        subscriber.cancel();
        assertThat(standIn.awaitDisconnects(1, Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void azureDeploymentsGetTheirPathVersionAndKeyHeader() {
        standIn.enqueue(Scenario.reply("azure says hi"));
        ProviderConfig azure = new ProviderConfig("azure", standIn.origin() + "/openai/deployments/prd-gpt",
                "prd-gpt", "azure-key", "2024-10-21", "max_tokens", ProviderConfig.Source.ORGANIZATION, false);
        assertThat(text(collect(azure, request(false)))).isEqualTo("azure says hi");
        RecordedRequest sent = standIn.lastRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/prd-gpt/chat/completions");
        assertThat(sent.query()).isEqualTo("api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo("azure-key");
        assertThat(sent.header("authorization")).isNull();
        assertThat(sent.schemaViolations()).isEmpty();
    }

    @Test
    void anOrganizationsEndpointOnLoopbackIsRefusedBeforeAnythingIsSent() {
        int before = standIn.requests().size();
        ProviderConfig guarded = new ProviderConfig("openai", standIn.baseUrl(), "model-a", "k", null, "max_tokens",
                ProviderConfig.Source.ORGANIZATION, true);
        assertThatThrownBy(() -> collect(guarded, request(false))).isInstanceOfSatisfying(ProviderException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ProviderException.UNREACHABLE);
                    assertThat(e.getMessage()).contains("private");
                });
        assertThat(standIn.requests()).hasSize(before);
    }
}
