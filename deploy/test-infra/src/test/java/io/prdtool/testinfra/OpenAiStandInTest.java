package io.prdtool.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.prdtool.testinfra.OpenAiStandIn.Scenario;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

class OpenAiStandInTest {

    private static OpenAiStandIn llm;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        llm = OpenAiStandIn.start();
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterAll
    static void stop() {
        llm.close();
    }

    @BeforeEach
    void resetStandIn() {
        llm.reset();
    }

    // ---------------------------------------------------------------- answers

    @Test
    void streamsRoleChunkDeltasFinishChunkUsageChunkAndDoneWhenUsageIsRequested() throws Exception {
        llm.enqueue(Scenario.reply("Hello there"));

        HttpResponse<String> response = send(chat(true, true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        String body = response.body();
        assertThat(body).startsWith("data: {").endsWith("\n\ndata: [DONE]\n\n");
        List<String> events = events(body);
        assertThat(events).hasSize(7).last().isEqualTo("[DONE]");
        List<JsonObject> chunks = events.subList(0, 6).stream().map(JsonObject::new).toList();

        String id = chunks.get(0).getString("id");
        assertThat(id).startsWith("chatcmpl-");
        for (JsonObject chunk : chunks) {
            assertThat(chunk.getString("id")).isEqualTo(id);
            assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
            assertThat(chunk.getLong("created")).isEqualTo(chunks.get(0).getLong("created"));
            assertThat(chunk.getString("model")).isEqualTo("gpt-test");
        }
        assertThat(choice(chunks.get(0))).isEqualTo(new JsonObject(
                "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}"));
        assertThat(chunks.subList(1, 4)).extracting(c -> choice(c).getJsonObject("delta").getString("content"))
                .containsExactly("Hell", "o th", "ere");
        assertThat(chunks.subList(0, 5)).allSatisfy(c -> {
            assertThat(c.containsKey("usage")).isTrue();
            assertThat(c.getValue("usage")).isNull();
        });
        assertThat(choice(chunks.get(4)).getJsonObject("delta")).isEqualTo(new JsonObject());
        assertThat(choice(chunks.get(4)).getString("finish_reason")).isEqualTo("stop");
        JsonObject usageChunk = chunks.get(5);
        assertThat(usageChunk.getJsonArray("choices")).isEmpty();
        assertThat(usageChunk.getJsonObject("usage")).isEqualTo(new JsonObject()
                .put("prompt_tokens", 5).put("completion_tokens", 3).put("total_tokens", 8));
    }

    @Test
    void sendsNoUsageChunkWhenUsageIsNotRequested() throws Exception {
        llm.enqueue(Scenario.reply("Hello there"));

        List<String> events = events(send(chat(true, false)).body());

        assertThat(events).hasSize(6).last().isEqualTo("[DONE]");
        assertThat(events.subList(0, 5)).noneSatisfy(e -> assertThat(e).contains("usage"));
        assertThat(choice(new JsonObject(events.get(4))).getString("finish_reason")).isEqualTo("stop");
    }

    @Test
    void withoutUsageIgnoresIncludeUsageLikeSomeServersDo() throws Exception {
        llm.enqueue(Scenario.reply("Hi").withoutUsage());

        List<String> events = events(send(chat(true, true)).body());

        assertThat(events).hasSize(4).noneSatisfy(e -> assertThat(e).contains("usage"));
    }

    @Test
    void explicitChunksUsageModelAndFinishReasonAreSentAsGiven() throws Exception {
        llm.enqueue(Scenario.reply("ignored").chunks(List.of("To be", " cut")).usage(120, 2).model("other-model")
                .finishReason("length"));

        List<JsonObject> chunks = jsonEvents(send(chat(true, true)).body());

        assertThat(chunks).extracting(c -> c.getString("model")).containsOnly("other-model");
        assertThat(chunks.subList(1, 3)).extracting(c -> choice(c).getJsonObject("delta").getString("content"))
                .containsExactly("To be", " cut");
        assertThat(choice(chunks.get(3)).getString("finish_reason")).isEqualTo("length");
        assertThat(chunks.get(4).getJsonObject("usage").getInteger("total_tokens")).isEqualTo(122);
    }

    @Test
    void answersANonStreamingRequestWithOneChatCompletionObject() throws Exception {
        llm.enqueue(Scenario.reply("Hello there"));

        HttpResponse<String> response = send(chat(false, false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonObject completion = new JsonObject(response.body());
        assertThat(completion.getString("id")).startsWith("chatcmpl-");
        assertThat(completion.getString("object")).isEqualTo("chat.completion");
        assertThat(completion.getLong("created")).isPositive();
        assertThat(completion.getString("model")).isEqualTo("gpt-test");
        JsonObject choice = choice(completion);
        assertThat(choice.getJsonObject("message").getString("role")).isEqualTo("assistant");
        assertThat(choice.getJsonObject("message").getString("content")).isEqualTo("Hello there");
        assertThat(choice.getString("finish_reason")).isEqualTo("stop");
        assertThat(completion.getJsonObject("usage")).isEqualTo(new JsonObject()
                .put("prompt_tokens", 5).put("completion_tokens", 3).put("total_tokens", 8));
    }

    @Test
    void answersQueuedScenariosInOrderThenTheDefault() throws Exception {
        llm.enqueue(Scenario.reply("first"), Scenario.reply("second"));

        assertThat(content(send(chat(false, false)))).isEqualTo("first");
        assertThat(content(send(chat(false, false)))).isEqualTo("second");
        assertThat(content(send(chat(false, false)))).isEqualTo("OK");
        llm.defaultScenario(Scenario.reply("fallback"));
        assertThat(content(send(chat(false, false)))).isEqualTo("fallback");
        assertThat(llm.requests()).hasSize(4);

        llm.reset();
        assertThat(llm.requests()).isEmpty();
        assertThat(content(send(chat(false, false)))).isEqualTo("OK");
    }

    @Test
    void errorsAreOpenAiErrorObjectsWithRetryAfterWhenGiven() throws Exception {
        llm.enqueue(Scenario.error(429, "rate_limit_exceeded", "rate_limit_exceeded", "Slow down").retryAfter("7"),
                Scenario.error(500, "server_error", null, "Boom"));

        HttpResponse<String> limited = send(chat(true, false));
        HttpResponse<String> failed = send(chat(true, false));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
        assertThat(limited.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(new JsonObject(limited.body())).isEqualTo(new JsonObject(
                "{\"error\":{\"message\":\"Slow down\",\"type\":\"rate_limit_exceeded\",\"param\":null,"
                        + "\"code\":\"rate_limit_exceeded\"}}"));
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("retry-after")).isEmpty();
        JsonObject error = new JsonObject(failed.body()).getJsonObject("error");
        assertThat(error.containsKey("code")).isTrue();
        assertThat(error.getValue("code")).isNull();
        assertThat(error.getString("type")).isEqualTo("server_error");
    }

    // ---------------------------------------------------------------- timing and disconnects

    @Test
    void delaysTheFirstByte() throws Exception {
        llm.enqueue(Scenario.reply("late").firstByteDelay(Duration.ofMillis(400)));

        long started = System.nanoTime();
        HttpResponse<String> response = send(chat(true, false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(llm.disconnects()).isZero();
    }

    @Test
    void clientGivingUpOnASlowFirstByteIsSeenAsADisconnect() {
        llm.enqueue(Scenario.reply("too late").firstByteDelay(Duration.ofSeconds(30)));

        HttpRequest impatient = HttpRequest.newBuilder(URI.create(llm.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofMillis(300))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chat(true, false)))
                .build();

        assertThatThrownBy(() -> http.send(impatient, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(llm.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void stallsMidStreamUntilTheClientGivesUp() throws Exception {
        llm.enqueue(Scenario.reply("Hello there, and then nothing").stallAfterChunks(2));

        HttpResponse<InputStream> response = http.send(request(chat(true, false)),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            List<String> received = readEvents(reader, 2);
            assertThat(received).hasSize(2);
            assertThat(choice(new JsonObject(received.get(1))).getJsonObject("delta").getString("content"))
                    .isEqualTo("Hell");

            CompletableFuture<List<String>> next = CompletableFuture.supplyAsync(() -> readEvents(reader, 1));
            assertThatThrownBy(() -> next.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(llm.disconnects()).isZero();
        }
        assertThat(llm.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void clientClosingMidStreamIsObservedOnce() throws Exception {
        llm.enqueue(Scenario.reply("x".repeat(400)).chunkDelay(Duration.ofMillis(20)));

        HttpResponse<InputStream> response = http.send(request(chat(true, false)),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(readEvents(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)), 3))
                    .hasSize(3);
        }

        assertThat(llm.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
        assertThat(llm.disconnects()).isEqualTo(1);
        assertThat(llm.requests()).hasSize(1);
    }

    @Test
    void stallOnANonStreamingRequestSendsOnlyTheHeaders() throws Exception {
        llm.enqueue(Scenario.reply("never sent").stallAfterChunks(0));

        HttpResponse<InputStream> response = http.send(request(chat(false, false)),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
                try {
                    return body.read();
                } catch (IOException e) {
                    return -1;
                }
            });
            assertThatThrownBy(() -> firstByte.get(150, TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
        }
        assertThat(llm.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aClientClosingAfterTheAnswerEndedIsNotADisconnect() throws Exception {
        // a raw socket, so the connection really closes right after the answer (HttpClient would pool it)
        String body = chat(true, true);
        try (Socket socket = new Socket("127.0.0.1", llm.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !"0".equals(line)) {
                // read up to the last chunk of the chunked encoding: the answer has ended
            }
            assertThat(line).isEqualTo("0");
        }

        assertThat(llm.awaitDisconnects(1, Duration.ofMillis(200))).isFalse();
    }

    // ---------------------------------------------------------------- hostile answers

    @Test
    void malformedChunkIsTheSecondEventAndTheStreamGoesOn() throws Exception {
        llm.enqueue(Scenario.malformedChunk());

        List<String> events = events(send(chat(true, false)).body());

        assertThat(events.get(1)).startsWith("{").contains("\"choices\": [");
        assertThatThrownBy(() -> new JsonObject(events.get(1))).isInstanceOf(DecodeException.class);
        List<JsonObject> rest = events.subList(2, events.size() - 1).stream().map(JsonObject::new).toList();
        assertThat(rest.stream().map(c -> choice(c).getJsonObject("delta").getString("content", ""))
                .reduce("", String::concat)).isEqualTo("Hello, world");
        assertThat(events).last().isEqualTo("[DONE]");
    }

    @Test
    void oversizedAnswerIsAtLeastThatLargeStreamedOrPlain() throws Exception {
        int size = 3 * 1024 * 1024;
        llm.enqueue(Scenario.oversized(size), Scenario.oversized(size));

        List<JsonObject> chunks = jsonEvents(send(chat(true, false)).body());
        String plain = content(send(chat(false, false)));

        String streamed = chunks.stream().map(c -> choice(c).getJsonObject("delta").getString("content", ""))
                .reduce("", String::concat);
        assertThat(streamed).hasSize(size);
        assertThat(chunks.size()).isLessThan(60);
        assertThat(plain).hasSize(size);
    }

    @Test
    void plainJsonAnswerIgnoresTheStreamFlag() throws Exception {
        llm.enqueue(Scenario.plainJsonAnswer("Not streamed"));

        HttpResponse<String> response = send(chat(true, true));

        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonObject completion = new JsonObject(response.body());
        assertThat(completion.getString("object")).isEqualTo("chat.completion");
        assertThat(choice(completion).getJsonObject("message").getString("content")).isEqualTo("Not streamed");
    }

    @Test
    void nonSseAnswerHasTheGivenContentTypeAndBody() throws Exception {
        llm.enqueue(Scenario.nonSse("text/html", "<html><body>502 Bad Gateway</body></html>"));

        HttpResponse<String> response = send(chat(true, false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/html");
        assertThat(response.body()).isEqualTo("<html><body>502 Bad Gateway</body></html>");
    }

    @Test
    void dropConnectionClosesWithoutAResponse() {
        llm.enqueue(Scenario.dropConnection());

        assertThatThrownBy(() -> send(chat(true, false))).isInstanceOf(IOException.class);
        assertThat(llm.requests()).hasSize(1);
        assertThat(llm.disconnects()).isZero();
    }

    @Test
    void scenarioModifiersOnlyApplyWhereTheyMeanSomething() {
        assertThatThrownBy(() -> Scenario.reply("x").retryAfter("1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Scenario.error(500, "server_error", null, "x").chunkDelay(Duration.ofMillis(1)))
                .isInstanceOf(IllegalStateException.class);
        Scenario base = Scenario.reply("abc");
        assertThat(base.chunkDelay(Duration.ofMillis(5))).isNotSameAs(base);
        assertThat(base.chunks()).containsExactly("abc");
    }

    // ---------------------------------------------------------------- routes and auth

    @Test
    void acceptsTheAzureOpenAiPathWithAnApiKeyHeader() throws Exception {
        llm.requireApiKey("azure-key");
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}";

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(llm.origin()
                + "/openai/deployments/prd-gpt/chat/completions?api-version=2024-10-21"))
                .header("Content-Type", "application/json")
                .header("api-key", "azure-key")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jsonEvents(response.body())).extracting(c -> c.getString("model")).containsOnly("prd-gpt");
        RecordedRequest recorded = llm.lastRequest();
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/openai/deployments/prd-gpt/chat/completions");
        assertThat(recorded.query()).isEqualTo("api-version=2024-10-21");
        assertThat(recorded.headers()).containsEntry("api-key", "azure-key");
        assertThat(recorded.header("Content-Type")).isEqualTo("application/json");
        assertThat(recorded.json().getBoolean("stream")).isTrue();
        assertThat(recorded.schemaViolations()).isEmpty();
    }

    @Test
    void azurePathWithoutApiVersionIsRejected() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(llm.origin()
                + "/openai/deployments/prd-gpt/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(chat(false, false)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(llm.lastRequest().schemaViolations()).singleElement().asString().contains("api-version");
    }

    @Test
    void listsModelsAndRequiresTheApiKeyWhenSet() throws Exception {
        HttpResponse<String> open = get("/v1/models", null);
        assertThat(open.statusCode()).isEqualTo(200);
        JsonObject list = new JsonObject(open.body());
        assertThat(list.getString("object")).isEqualTo("list");
        assertThat(list.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo("stand-in-model");
        assertThat(list.getJsonArray("data").getJsonObject(0).getString("object")).isEqualTo("model");
        assertThat(list.getJsonArray("data").getJsonObject(0).getString("owned_by")).isEqualTo("stand-in");
        assertThat(list.getJsonArray("data").getJsonObject(0).getLong("created")).isPositive();

        llm.models("gpt-a", "gpt-b").requireApiKey("sk-right");

        HttpResponse<String> missing = get("/v1/models", null);
        HttpResponse<String> wrong = get("/v1/models", "sk-wrong-key-123");
        HttpResponse<String> right = get("/v1/models", "sk-right");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        JsonObject error = new JsonObject(wrong.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("invalid_api_key");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getString("message")).doesNotContain("sk-wrong-key-123");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(right.body()).getJsonArray("data")).extracting(m -> ((JsonObject) m).getString("id"))
                .containsExactly("gpt-a", "gpt-b");
        assertThat(llm.lastRequest().header("authorization")).isEqualTo("Bearer sk-right");
    }

    @Test
    void chatCompletionsRequireTheApiKeyWhenSetWithoutUsingUpTheQueue() throws Exception {
        llm.requireApiKey("sk-right").enqueue(Scenario.reply("queued"));

        HttpResponse<String> rejected = send(chat(false, false));
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
                URI.create(llm.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer sk-right")
                .POST(HttpRequest.BodyPublishers.ofString(chat(false, false)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(rejected.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(rejected.body()).getJsonObject("error").getString("code"))
                .isEqualTo("invalid_api_key");
        assertThat(content(accepted)).isEqualTo("queued");
    }

    @Test
    void unknownRoutesAnswer404WithAnErrorObject() throws Exception {
        HttpResponse<String> response = get("/v1/completions", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(response.body()).getJsonObject("error").getString("type"))
                .isEqualTo("invalid_request_error");
        assertThat(llm.lastRequest().path()).isEqualTo("/v1/completions");
        assertThat(llm.lastRequest().json()).isNull();
    }

    // ---------------------------------------------------------------- request contract

    @Test
    void aRequestUsingEverySupportedFieldHasNoViolations() throws Exception {
        String body = new JsonObject()
                .put("model", "gpt-test")
                .put("messages", new JsonArray()
                        .add(new JsonObject().put("role", "system").put("content", "Be brief."))
                        .add(new JsonObject().put("role", "user").put("content", "Hi").put("name", "alice"))
                        .add(new JsonObject().put("role", "assistant").put("content", "Hello")))
                .put("stream", true)
                .put("stream_options", new JsonObject().put("include_usage", true))
                .put("max_tokens", 100)
                .put("max_completion_tokens", 100)
                .put("temperature", 0.2)
                .put("top_p", 1)
                .put("n", 1)
                .put("stop", new JsonArray().add("\n\n"))
                .put("response_format", new JsonObject().put("type", "json_schema").put("json_schema",
                        new JsonObject().put("name", "critique").put("strict", true)
                                .put("schema", new JsonObject().put("type", "object"))))
                .put("user", "user-1")
                .put("seed", 42)
                .encode();

        assertThat(send(body).statusCode()).isEqualTo(200);
        assertThat(llm.lastRequest().schemaViolations()).isEmpty();
    }

    @Test
    void anUnknownTopLevelFieldIsAViolationAndAnswered400() throws Exception {
        llm.enqueue(Scenario.reply("not used"));
        String body = new JsonObject(chat(false, false)).put("include_usage", true).encode();

        HttpResponse<String> response = send(body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = new JsonObject(response.body()).getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getString("message")).contains("include_usage");
        assertThat(llm.lastRequest().schemaViolations()).singleElement().asString()
                .startsWith("/include_usage: ");
        assertThat(content(send(chat(false, false)))).as("the queued scenario is still next").isEqualTo("not used");
    }

    @Test
    void wrongTypesAndValuesAreViolations() throws Exception {
        String body = new JsonObject()
                .put("model", "gpt-test")
                .put("messages", new JsonArray().add(new JsonObject().put("role", "tool").put("content", 3)))
                .put("temperature", "hot")
                .put("response_format", new JsonObject().put("type", "xml"))
                .encode();

        assertThat(send(body).statusCode()).isEqualTo(400);
        assertThat(llm.lastRequest().schemaViolations())
                .anySatisfy(v -> assertThat(v).startsWith("/temperature: "))
                .anySatisfy(v -> assertThat(v).startsWith("/messages/0/role: "))
                .anySatisfy(v -> assertThat(v).startsWith("/messages/0/content: "))
                .anySatisfy(v -> assertThat(v).startsWith("/response_format: "))
                .hasSize(4);
    }

    @Test
    void aBodyThatIsNotJsonOrLacksRequiredFieldsIsAViolation() throws Exception {
        assertThat(send("not json").statusCode()).isEqualTo(400);
        assertThat(llm.lastRequest().json()).isNull();
        assertThat(llm.lastRequest().schemaViolations()).isNotEmpty();

        assertThat(send("{\"messages\":[]}").statusCode()).isEqualTo(400);
        assertThat(llm.lastRequest().schemaViolations())
                .anySatisfy(v -> assertThat(v).contains("model"))
                .anySatisfy(v -> assertThat(v).startsWith("/messages: "));
    }

    // ---------------------------------------------------------------- helpers

    private static String chat(boolean stream, boolean includeUsage) {
        JsonObject body = new JsonObject()
                .put("model", "gpt-test")
                .put("messages", new JsonArray()
                        .add(new JsonObject().put("role", "system").put("content", "Be brief"))
                        .add(new JsonObject().put("role", "user").put("content", "Say hello")));
        if (stream) {
            body.put("stream", true);
        }
        if (includeUsage) {
            body.put("stream_options", new JsonObject().put("include_usage", true));
        }
        return body.encode();
    }

    private static HttpRequest request(String body) {
        return HttpRequest.newBuilder(URI.create(llm.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-test")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpResponse<String> send(String body) throws IOException, InterruptedException {
        return http.send(request(body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(llm.origin() + path)).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code data:} payloads of an SSE body, checking each event is exactly {@code data: ...\n\n}. */
    private static List<String> events(String body) {
        List<String> events = new ArrayList<>();
        for (String event : body.split("\n\n", -1)) {
            if (event.isEmpty()) {
                continue;
            }
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            events.add(event.substring("data: ".length()));
        }
        assertThat(body).endsWith("\n\n");
        return events;
    }

    private static List<JsonObject> jsonEvents(String body) {
        List<String> events = events(body);
        assertThat(events).last().isEqualTo("[DONE]");
        return events.subList(0, events.size() - 1).stream().map(JsonObject::new).toList();
    }

    private static List<String> readEvents(BufferedReader reader, int n) {
        List<String> events = new ArrayList<>();
        while (events.size() < n) {
            String line = readLine(reader);
            if (line == null) {
                break;
            }
            if (line.startsWith("data: ")) {
                events.add(line.substring("data: ".length()));
            }
        }
        return events;
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonObject choice(JsonObject chunkOrCompletion) {
        return chunkOrCompletion.getJsonArray("choices").getJsonObject(0);
    }

    private static String content(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return choice(new JsonObject(response.body())).getJsonObject("message").getString("content");
    }
}
