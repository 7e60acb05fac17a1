package io.prdtool.testinfra;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A real HTTP server that answers like an OpenAI-compatible LLM provider, scripted per test: ai-service's tests talk
 * to it over real HTTP (no in-memory fake). It runs its own Vert.x instance on {@code 127.0.0.1} and a free port,
 * HTTP/1.1 only, so it can <em>observe</em> a client closing the connection mid-answer ({@link #disconnects()}),
 * which WireMock cannot.
 *
 * <h2>Routes</h2>
 * <ul>
 * <li>{@code POST /v1/chat/completions} and the Azure OpenAI shape
 * {@code POST /openai/deployments/{deployment}/chat/completions?api-version=...}: answered by the next queued
 * {@link Scenario} ({@link #enqueue}), or by the {@link #defaultScenario} when the queue is empty. On the Azure path
 * a missing {@code model} is taken from the deployment and a missing {@code api-version} is a violation.</li>
 * <li>{@code GET /v1/models}: {@code {"object":"list","data":[{"id",...,"owned_by":"stand-in"}]}} with the
 * {@link #models} (default {@code stand-in-model}).</li>
 * <li>Anything else: 404 with an OpenAI error object.</li>
 * </ul>
 * Every request is recorded ({@link #requests()}), including rejected ones. Before a scenario is taken from the queue a
 * chat-completions request must pass two checks, as the real API would: with {@link #requireApiKey} set, the
 * {@code Authorization: Bearer} or {@code api-key} header must carry that key (else 401, {@code invalid_api_key}); and
 * the body must satisfy {@code openai/create-chat-completion-request.schema.json}, a subset of the published
 * {@code CreateChatCompletionRequest} (else 400, {@code invalid_request_error}, and the violations are in
 * {@link RecordedRequest#schemaViolations()}). A rejected request does not use up a queued scenario.
 *
 * <h2>Scenarios</h2> See {@link Scenario}; in short:
 * <ul>
 * <li>{@link Scenario#reply reply(content)} — a normal answer; streamed as SSE when the request says
 * {@code "stream": true}: a role chunk, the content in {@code delta.content} chunks, a finish chunk, the usage chunk
 * only when {@code stream_options.include_usage} is true, then {@code data: [DONE]}. Otherwise one
 * {@code chat.completion} object.</li>
 * <li>{@link Scenario#error error(status, type, code, message)} — an OpenAI error object, optionally with
 * {@code Retry-After}.</li>
 * <li>{@link Scenario#malformedChunk()} — a stream whose second event is not valid JSON.</li>
 * <li>{@link Scenario#oversized oversized(bytes)} — an answer of at least that many characters, sent fast in large
 * chunks.</li>
 * <li>{@link Scenario#plainJsonAnswer plainJsonAnswer(content)} — a plain {@code application/json} answer even to a
 * streaming request.</li>
 * <li>{@link Scenario#nonSse nonSse(contentType, body)} — 200 with any content type and body.</li>
 * <li>{@link Scenario#dropConnection()} — the TCP connection closed without a response.</li>
 * <li>Timing: {@link Scenario#firstByteDelay} on any of them; {@link Scenario#chunkDelay} and
 * {@link Scenario#stallAfterChunks} on answers.</li>
 * </ul>
 * {@code Scenario} is the nested class {@code OpenAiStandIn.Scenario}; it is immutable, so one can be queued often.
 *
 * <h2>Use</h2>
 *
 * <pre>{@code
 * try (OpenAiStandIn llm = OpenAiStandIn.start()) {
 *     llm.enqueue(Scenario.error(429, "rate_limit_exceeded", "rate_limit_exceeded", "Slow down").retryAfter("7"),
 *             Scenario.reply("Hello there").chunkDelay(Duration.ofMillis(20)));
 *     // point the client at llm.baseUrl() ...
 *     assertThat(llm.lastRequest().schemaViolations()).isEmpty();
 * }
 * }</pre>
 *
 * Thread-safe: tests configure it from their own thread while the event loop answers.
 */
public final class OpenAiStandIn implements AutoCloseable {

    /** The model {@code /v1/models} lists until {@link #models} says otherwise. */
    public static final String DEFAULT_MODEL = "stand-in-model";

    private static final Pattern AZURE_CHAT = Pattern.compile("/openai/deployments/([^/]+)/chat/completions");
    private static final String CHAT = "/v1/chat/completions";
    private static final String MODELS = "/v1/models";
    private static final long MODEL_CREATED = 1_700_000_000L;

    private final Vertx vertx;
    private final int port;
    private final ChatCompletionRequestSchema schema = ChatCompletionRequestSchema.load();
    private final Deque<Scenario> queue = new ConcurrentLinkedDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Object disconnectLock = new Object();
    private volatile Scenario defaultScenario = Scenario.reply("OK");
    private volatile List<String> models = List.of(DEFAULT_MODEL);
    private volatile String apiKey;
    private volatile boolean closed;
    /** Bumped by {@link #reset()} so that a late close from an earlier test's client is not counted. */
    private long generation;
    private int disconnects;

    private OpenAiStandIn(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        server.requestHandler(this::handle);
        this.port = await(server.listen(0, "127.0.0.1")).actualPort();
    }

    /** Starts a stand-in with its own Vert.x instance on 127.0.0.1 and a free port; returns once it listens. */
    public static OpenAiStandIn start() {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setUseDaemonThread(true)
                .setFileSystemOptions(new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        try {
            // h2c off: a closed connection, not a reset stream, is what "the client went away" looks like here
            return new OpenAiStandIn(vertx, vertx.createHttpServer(new HttpServerOptions()
                    .setHttp2ClearTextEnabled(false)));
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** The OpenAI base URL clients are configured with: {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return origin() + "/v1";
    }

    /** {@code http://127.0.0.1:<port>}, e.g. as an Azure OpenAI endpoint. */
    public String origin() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Queues scenarios; each answers one chat-completions request, first in first out. */
    public OpenAiStandIn enqueue(Scenario... scenarios) {
        for (Scenario s : scenarios) {
            queue.add(Objects.requireNonNull(s, "scenario"));
        }
        return this;
    }

    /** The scenario used when the queue is empty; initially {@code Scenario.reply("OK")}. */
    public OpenAiStandIn defaultScenario(Scenario scenario) {
        this.defaultScenario = Objects.requireNonNull(scenario, "scenario");
        return this;
    }

    /** The model ids {@code GET /v1/models} lists (default {@value #DEFAULT_MODEL}). */
    public OpenAiStandIn models(String... ids) {
        this.models = List.of(ids);
        return this;
    }

    /**
     * Requires this key (as {@code Authorization: Bearer <key>} or {@code api-key: <key>}) on chat completions and
     * {@code /v1/models}; otherwise they answer 401 with an OpenAI error object. {@code null} turns the check off.
     */
    public OpenAiStandIn requireApiKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** Every request received so far, in order (a copy). */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The most recent request; fails when there has been none. */
    public RecordedRequest lastRequest() {
        List<RecordedRequest> all = requests();
        if (all.isEmpty()) {
            throw new IllegalStateException("The OpenAI stand-in has received no request");
        }
        return all.get(all.size() - 1);
    }

    /** Chat-completion responses whose client closed the connection before the response ended. */
    public int disconnects() {
        synchronized (disconnectLock) {
            return disconnects;
        }
    }

    /** Waits until at least {@code n} {@link #disconnects()} have been seen; false if the timeout passed first. */
    public boolean awaitDisconnects(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (disconnectLock) {
            while (disconnects < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(disconnectLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Back to the state after {@link #start()}: empty queue, no recorded requests, no disconnects, default
     * {@code reply("OK")}, default models, no API key required. Answers still in flight carry on, but their
     * disconnects are no longer counted.
     */
    public void reset() {
        queue.clear();
        requests.clear();
        defaultScenario = Scenario.reply("OK");
        models = List.of(DEFAULT_MODEL);
        apiKey = null;
        synchronized (disconnectLock) {
            generation++;
            disconnects = 0;
        }
    }

    /** Stops the server, ending any stalled answer by closing its connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        await(vertx.close());
    }

    // ---------------------------------------------------------------- routing

    private void handle(HttpServerRequest req) {
        req.body().onComplete(ar -> {
            if (ar.failed()) {
                req.connection().close();
                return;
            }
            dispatch(req, ar.result().toString(StandardCharsets.UTF_8));
        });
    }

    private void dispatch(HttpServerRequest req, String body) {
        String path = req.path();
        JsonObject json = parseObject(body);
        Matcher azure = AZURE_CHAT.matcher(path);
        boolean isChat = req.method() == HttpMethod.POST && (CHAT.equals(path) || azure.matches());
        if (!isChat) {
            requests.add(record(req, body, json, List.of()));
            if (req.method() == HttpMethod.GET && MODELS.equals(path)) {
                if (authorized(req)) {
                    answerModels(req.response());
                }
            } else {
                sendError(req.response(), 404, "invalid_request_error", null,
                        "Invalid URL (" + req.method() + " " + path + ")");
            }
            return;
        }
        String deployment = azure.matches() ? azure.group(1) : null;
        List<String> violations = new ArrayList<>();
        if (deployment != null) {
            if (req.getParam("api-version") == null) {
                violations.add("?api-version: required on the Azure OpenAI path");
            }
            JsonObject withModel = json != null && !json.containsKey("model")
                    ? json.copy().put("model", deployment)
                    : json;
            violations.addAll(schema.violations(withModel));
        } else {
            violations.addAll(schema.violations(json));
        }
        requests.add(record(req, body, json, violations));
        if (!authorized(req)) {
            return;
        }
        if (!violations.isEmpty()) {
            sendError(req.response(), 400, "invalid_request_error", null,
                    "Invalid request: " + String.join("; ", violations));
            return;
        }
        Scenario scenario = queue.poll();
        new Exchange(req, json, deployment, scenario != null ? scenario : defaultScenario).start();
    }

    private boolean authorized(HttpServerRequest req) {
        String required = apiKey;
        if (required == null) {
            return true;
        }
        String authorization = req.getHeader("Authorization");
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : req.getHeader("api-key");
        if (required.equals(presented)) {
            return true;
        }
        String message = presented == null
                ? "You didn't provide an API key. You need to provide your API key in an Authorization header "
                        + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
                : "Incorrect API key provided: " + mask(presented) + ".";
        sendError(req.response(), 401, "invalid_request_error", "invalid_api_key", message);
        return false;
    }

    private void answerModels(HttpServerResponse res) {
        JsonArray data = new JsonArray();
        for (String id : models) {
            data.add(new JsonObject().put("id", id).put("object", "model").put("created", MODEL_CREATED)
                    .put("owned_by", "stand-in"));
        }
        sendJson(res, 200, new JsonObject().put("object", "list").put("data", data));
    }

    private static RecordedRequest record(HttpServerRequest req, String body, JsonObject json,
            List<String> violations) {
        Map<String, String> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(),
                (a, b) -> a + ", " + b));
        return new RecordedRequest(req.method().name(), req.path(), req.query(), headers, body,
                json == null ? null : json.copy(), violations);
    }

    private static JsonObject parseObject(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    private static void sendError(HttpServerResponse res, int status, String type, String code, String message) {
        sendJson(res, status, errorBody(type, code, message));
    }

    private static JsonObject errorBody(String type, String code, String message) {
        return new JsonObject().put("error", new JsonObject()
                .put("message", message)
                .put("type", type)
                .putNull("param")
                .put("code", code));
    }

    private static void sendJson(HttpServerResponse res, int status, JsonObject body) {
        res.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("x-request-id", "req_" + UUID.randomUUID().toString().replace("-", ""))
                .end(body.encode());
    }

    private static String mask(String key) {
        return key.length() <= 8 ? "****" : key.substring(0, 3) + "****" + key.substring(key.length() - 4);
    }

    private <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the OpenAI stand-in", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The OpenAI stand-in did not start or stop", e);
        }
    }

    private void countDisconnect(long exchangeGeneration) {
        synchronized (disconnectLock) {
            if (exchangeGeneration == generation) {
                disconnects++;
                disconnectLock.notifyAll();
            }
        }
    }

    private long currentGeneration() {
        synchronized (disconnectLock) {
            return generation;
        }
    }

    // ---------------------------------------------------------------- one chat-completion answer

    /** One chat-completions request being answered by one scenario, on the event loop. */
    private final class Exchange {

        private final HttpServerRequest req;
        private final HttpServerResponse res;
        private final JsonObject request;
        private final Scenario scenario;
        private final long startedIn = currentGeneration();
        private final String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        private final long created = Instant.now().getEpochSecond();
        private final String model;
        private boolean closedByServer;

        Exchange(HttpServerRequest req, JsonObject request, String deployment, Scenario scenario) {
            this.req = req;
            this.res = req.response();
            this.request = request;
            this.scenario = scenario;
            String requested = request.getValue("model") instanceof String m ? m : deployment;
            this.model = scenario.model != null ? scenario.model : requested != null ? requested : DEFAULT_MODEL;
            res.closeHandler(v -> {
                if (!res.ended() && !closedByServer && !closed) {
                    countDisconnect(startedIn);
                }
            });
        }

        void start() {
            later(scenario.firstByteDelay, this::answer);
        }

        private void answer() {
            switch (scenario.kind) {
                case ERROR -> {
                    if (scenario.retryAfter != null) {
                        res.putHeader("Retry-After", scenario.retryAfter);
                    }
                    sendError(res, scenario.status, scenario.errorType, scenario.errorCode, scenario.content);
                }
                case NON_SSE -> res.setStatusCode(200)
                        .putHeader("Content-Type", scenario.contentType)
                        .end(scenario.content);
                case DROP -> {
                    closedByServer = true;
                    req.connection().close();
                }
                case REPLY -> {
                    if (streaming() && !scenario.plainJson) {
                        stream();
                    } else {
                        plain();
                    }
                }
            }
        }

        private boolean streaming() {
            return Boolean.TRUE.equals(request.getValue("stream"));
        }

        private boolean usageRequested() {
            return request.getValue("stream_options") instanceof JsonObject options
                    && Boolean.TRUE.equals(options.getValue("include_usage"));
        }

        private void plain() {
            res.setStatusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("x-request-id", "req_" + id.substring(9));
            if (scenario.malformed) {
                res.end("{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"choices\": [");
                return;
            }
            if (scenario.stallAfterChunks >= 0) {
                // the head goes out, the body never does
                res.setChunked(true).writeHead();
                return;
            }
            List<String> chunks = scenario.chunks();
            JsonObject completion = new JsonObject()
                    .put("id", id)
                    .put("object", "chat.completion")
                    .put("created", created)
                    .put("model", model)
                    .put("system_fingerprint", "fp_standin")
                    .put("choices", new JsonArray().add(new JsonObject()
                            .put("index", 0)
                            .put("message", new JsonObject()
                                    .put("role", "assistant")
                                    .put("content", scenario.content)
                                    .putNull("refusal"))
                            .putNull("logprobs")
                            .put("finish_reason", scenario.finishReason)));
            if (!scenario.withoutUsage) {
                completion.put("usage", usage(chunks.size()));
            }
            res.end(completion.encode());
        }

        private void stream() {
            boolean withUsage = usageRequested() && !scenario.withoutUsage;
            List<String> chunks = scenario.chunks();
            List<String> events = new ArrayList<>();
            events.add(chunk(new JsonObject().put("role", "assistant").put("content", ""), null, withUsage));
            if (scenario.malformed) {
                events.add("{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"choices\": [");
            }
            for (String piece : chunks) {
                events.add(chunk(new JsonObject().put("content", piece), null, withUsage));
            }
            events.add(chunk(new JsonObject(), scenario.finishReason, withUsage));
            if (withUsage) {
                events.add(base().put("choices", new JsonArray()).put("usage", usage(chunks.size())).encode());
            }
            events.add("[DONE]");
            res.setStatusCode(200)
                    .setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("x-request-id", "req_" + id.substring(9));
            res.writeHead();
            send(events, 0);
        }

        /** Sends events from index {@code i}, one per write, honouring back-pressure, chunk delay and stall. */
        private void send(List<String> events, int i) {
            if (gone()) {
                return;
            }
            if (scenario.stallAfterChunks >= 0 && i >= scenario.stallAfterChunks) {
                return; // the connection stays open and silent until the client or close() ends it
            }
            if (i == events.size()) {
                res.end();
                return;
            }
            res.write(Buffer.buffer("data: " + events.get(i) + "\n\n"));
            Runnable next = () -> later(i + 1 < events.size() ? scenario.chunkDelay : Duration.ZERO,
                    () -> send(events, i + 1));
            if (res.writeQueueFull()) {
                res.drainHandler(v -> next.run());
            } else {
                next.run();
            }
        }

        private JsonObject base() {
            return new JsonObject()
                    .put("id", id)
                    .put("object", "chat.completion.chunk")
                    .put("created", created)
                    .put("model", model)
                    .put("system_fingerprint", "fp_standin");
        }

        private String chunk(JsonObject delta, String finishReason, boolean usageNull) {
            JsonObject chunk = base().put("choices", new JsonArray().add(new JsonObject()
                    .put("index", 0)
                    .put("delta", delta)
                    .putNull("logprobs")
                    .put("finish_reason", finishReason)));
            if (usageNull) {
                // the spec: with include_usage, every chunk but the last carries "usage": null
                chunk.putNull("usage");
            }
            return chunk.encode();
        }

        private JsonObject usage(int chunkCount) {
            int prompt = scenario.promptTokens != null ? scenario.promptTokens : estimatePromptTokens(request);
            int completion = scenario.completionTokens != null ? scenario.completionTokens : chunkCount;
            return new JsonObject()
                    .put("prompt_tokens", prompt)
                    .put("completion_tokens", completion)
                    .put("total_tokens", prompt + completion);
        }

        private void later(Duration delay, Runnable action) {
            if (delay.isZero()) {
                action.run();
            } else {
                vertx.setTimer(Math.max(1, delay.toMillis()), t -> {
                    if (!gone()) {
                        action.run();
                    }
                });
            }
        }

        private boolean gone() {
            return closedByServer || res.closed() || res.ended();
        }
    }

    /** About four characters a token, over the messages' text; at least 1. */
    private static int estimatePromptTokens(JsonObject request) {
        int chars = 0;
        if (request.getValue("messages") instanceof JsonArray messages) {
            for (Object m : messages) {
                if (m instanceof JsonObject message && message.getValue("content") instanceof String content) {
                    chars += content.length();
                }
            }
        }
        return Math.max(1, (chars + 3) / 4);
    }

    // ---------------------------------------------------------------- scenarios

    /**
     * How the stand-in answers one chat-completions request. Immutable: every modifier returns a new scenario, so one
     * instance can be queued many times.
     * <p>
     * Kinds and the modifiers each takes (others throw {@link IllegalStateException}):
     * <ul>
     * <li>{@link #reply}, {@link #malformedChunk()}, {@link #oversized}, {@link #plainJsonAnswer} — an answer:
     * {@link #chunks}, {@link #usage}, {@link #withoutUsage()}, {@link #model}, {@link #finishReason},
     * {@link #chunkDelay}, {@link #stallAfterChunks}.</li>
     * <li>{@link #error} — {@link #retryAfter}.</li>
     * <li>{@link #nonSse}, {@link #dropConnection()} — none.</li>
     * </ul>
     * {@link #firstByteDelay} applies to every kind.
     */
    public static final class Scenario {

        enum Kind {
            REPLY, ERROR, NON_SSE, DROP
        }

        private static final int DEFAULT_CHUNK_CHARS = 4;
        private static final int OVERSIZED_CHUNK_CHARS = 64 * 1024;

        final Kind kind;
        /** The answer's text; for ERROR the message, for NON_SSE the body. */
        final String content;
        final List<String> explicitChunks;
        final int chunkChars;
        final boolean malformed;
        final boolean plainJson;
        final Integer promptTokens;
        final Integer completionTokens;
        final boolean withoutUsage;
        final String model;
        final String finishReason;
        final Duration firstByteDelay;
        final Duration chunkDelay;
        final int stallAfterChunks;
        final int status;
        final String errorType;
        final String errorCode;
        final String retryAfter;
        final String contentType;

        private Scenario(Draft d) {
            this.kind = d.kind;
            this.content = d.content;
            this.explicitChunks = d.explicitChunks;
            this.chunkChars = d.chunkChars;
            this.malformed = d.malformed;
            this.plainJson = d.plainJson;
            this.promptTokens = d.promptTokens;
            this.completionTokens = d.completionTokens;
            this.withoutUsage = d.withoutUsage;
            this.model = d.model;
            this.finishReason = d.finishReason;
            this.firstByteDelay = d.firstByteDelay;
            this.chunkDelay = d.chunkDelay;
            this.stallAfterChunks = d.stallAfterChunks;
            this.status = d.status;
            this.errorType = d.errorType;
            this.errorCode = d.errorCode;
            this.retryAfter = d.retryAfter;
            this.contentType = d.contentType;
        }

        private static Scenario of(Kind kind, Consumer<Draft> setup) {
            Draft d = new Draft(kind);
            setup.accept(d);
            return new Scenario(d);
        }

        private Scenario with(Consumer<Draft> change) {
            Draft d = new Draft(this);
            change.accept(d);
            return new Scenario(d);
        }

        private Scenario answerOnly(String modifier, Consumer<Draft> change) {
            if (kind != Kind.REPLY) {
                throw new IllegalStateException(modifier + " applies to an answer, not to " + this);
            }
            return with(change);
        }

        /**
         * A normal answer with this content. To a streaming request: SSE ({@code text/event-stream}) with a first
         * chunk {@code delta: {"role":"assistant","content":""}}, the content in {@code delta.content} chunks of about
         * four characters (see {@link #chunks}), a chunk with {@code delta: {}} and the {@link #finishReason}, then,
         * only if the request set {@code stream_options.include_usage: true}, a chunk with {@code "choices": []} and
         * {@code usage}, then {@code data: [DONE]}. All chunks share one {@code chatcmpl-} id, {@code created} and
         * {@code model}; with include_usage the others carry {@code "usage": null}, as the API documents. To any other
         * request: one {@code chat.completion} object with {@code choices[0].message}, {@code finish_reason} and
         * {@code usage}.
         */
        public static Scenario reply(String content) {
            Objects.requireNonNull(content, "content");
            return of(Kind.REPLY, d -> d.content = content);
        }

        /**
         * An OpenAI error object {@code {"error":{"message","type","param":null,"code"}}} with this HTTP status
         * ({@code code} may be null), e.g. {@code error(429, "rate_limit_exceeded", "rate_limit_exceeded", "...")},
         * {@code error(401, "invalid_request_error", "invalid_api_key", "...")},
         * {@code error(500, "server_error", null, "...")}.
         */
        public static Scenario error(int status, String type, String code, String message) {
            return of(Kind.ERROR, d -> {
                d.status = status;
                d.errorType = type;
                d.errorCode = code;
                d.content = message;
            });
        }

        /**
         * A streaming answer ({@code "Hello, world"}) whose second event, right after the role chunk, is
         * {@code data: {"id":...,"choices": [} — not valid JSON — after which the stream goes on normally with all
         * the content. To a non-streaming request: a truncated JSON body.
         */
        public static Scenario malformedChunk() {
            return of(Kind.REPLY, d -> {
                d.content = "Hello, world";
                d.malformed = true;
            });
        }

        /**
         * An answer whose content is exactly {@code bytes} ASCII characters (so as many UTF-8 bytes), streamed without
         * delay in chunks of 64 Ki characters, or one plain object when the request does not stream. Completion usage
         * defaults to the chunk count as for any reply.
         */
        public static Scenario oversized(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("bytes must be positive");
            }
            return of(Kind.REPLY, d -> {
                d.content = filler(bytes);
                d.chunkChars = OVERSIZED_CHUNK_CHARS;
            });
        }

        /**
         * A non-streaming {@code application/json} {@code chat.completion} object even when the request asked for
         * {@code "stream": true}, as some local servers answer.
         */
        public static Scenario plainJsonAnswer(String content) {
            Objects.requireNonNull(content, "content");
            return of(Kind.REPLY, d -> {
                d.content = content;
                d.plainJson = true;
            });
        }

        /** 200 with this content type and body, e.g. a proxy's {@code text/html} page. */
        public static Scenario nonSse(String contentType, String body) {
            return of(Kind.NON_SSE, d -> {
                d.contentType = Objects.requireNonNull(contentType, "contentType");
                d.content = Objects.requireNonNull(body, "body");
            });
        }

        /** Closes the TCP connection without any response (after {@link #firstByteDelay}, if set). */
        public static Scenario dropConnection() {
            return new Scenario(new Draft(Kind.DROP));
        }

        /** The content's chunks, given explicitly; the content becomes their concatenation. */
        public Scenario chunks(List<String> chunks) {
            List<String> copy = List.copyOf(chunks);
            return answerOnly("chunks", d -> {
                d.explicitChunks = copy;
                d.content = String.join("", copy);
            });
        }

        /**
         * The usage reported. Default: prompt = about a token per four characters of the request's messages,
         * completion = the number of content chunks.
         */
        public Scenario usage(int promptTokens, int completionTokens) {
            return answerOnly("usage", d -> {
                d.promptTokens = promptTokens;
                d.completionTokens = completionTokens;
            });
        }

        /** Never reports usage, even when the request asks for it (servers that ignore include_usage). */
        public Scenario withoutUsage() {
            return answerOnly("withoutUsage", d -> d.withoutUsage = true);
        }

        /** The model named in the answer. Default: the requested model (on Azure without one, the deployment). */
        public Scenario model(String model) {
            return answerOnly("model", d -> d.model = Objects.requireNonNull(model, "model"));
        }

        /** Default {@code stop}; {@code length} simulates a truncated answer. */
        public Scenario finishReason(String finishReason) {
            return answerOnly("finishReason", d -> d.finishReason = Objects.requireNonNull(finishReason));
        }

        /** Waits this long before the status line and headers (a slow first byte). */
        public Scenario firstByteDelay(Duration delay) {
            requireNonNegative(delay);
            return with(d -> d.firstByteDelay = delay);
        }

        /** Waits this long between SSE events (streaming only). */
        public Scenario chunkDelay(Duration delay) {
            requireNonNegative(delay);
            return answerOnly("chunkDelay", d -> d.chunkDelay = delay);
        }

        /**
         * Sends the headers and the first {@code n} SSE events (the role chunk counts; 0 = headers only), then keeps
         * the connection open and silent until the client closes it (counted in {@link OpenAiStandIn#disconnects()})
         * or the stand-in closes. To a non-streaming request: the headers only, whatever {@code n}.
         */
        public Scenario stallAfterChunks(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("n must not be negative");
            }
            return answerOnly("stallAfterChunks", d -> d.stallAfterChunks = n);
        }

        /** Adds a {@code Retry-After} header with this value (e.g. {@code "7"}). */
        public Scenario retryAfter(String value) {
            if (kind != Kind.ERROR) {
                throw new IllegalStateException("retryAfter applies to an error, not to " + this);
            }
            return with(d -> d.retryAfter = Objects.requireNonNull(value));
        }

        List<String> chunks() {
            if (explicitChunks != null) {
                return explicitChunks;
            }
            List<String> pieces = new ArrayList<>();
            int start = 0;
            while (start < content.length()) {
                int end = start;
                for (int n = 0; n < chunkChars && end < content.length(); n++) {
                    end = content.offsetByCodePoints(end, 1);
                }
                pieces.add(content.substring(start, end));
                start = end;
            }
            return pieces;
        }

        private static String filler(int chars) {
            String line = "All work and no play makes a very long answer. ";
            StringBuilder sb = new StringBuilder(chars + line.length());
            while (sb.length() < chars) {
                sb.append(line);
            }
            sb.setLength(chars);
            return sb.toString();
        }

        private static void requireNonNegative(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative");
            }
        }

        @Override
        public String toString() {
            return switch (kind) {
                case REPLY -> (plainJson ? "plainJsonAnswer" : malformed ? "malformedChunk" : "reply")
                        + "(" + abbreviated(content) + ")";
                case ERROR -> "error(" + status + ", " + errorType + ", " + errorCode + ")";
                case NON_SSE -> "nonSse(" + contentType + ")";
                case DROP -> "dropConnection()";
            };
        }

        private static String abbreviated(String s) {
            return s.length() <= 40 ? '"' + s + '"' : '"' + s.substring(0, 37) + "...\" (" + s.length() + " chars)";
        }

        /** The mutable form a scenario is built from. */
        private static final class Draft {

            Kind kind;
            String content = "";
            List<String> explicitChunks;
            int chunkChars = DEFAULT_CHUNK_CHARS;
            boolean malformed;
            boolean plainJson;
            Integer promptTokens;
            Integer completionTokens;
            boolean withoutUsage;
            String model;
            String finishReason = "stop";
            Duration firstByteDelay = Duration.ZERO;
            Duration chunkDelay = Duration.ZERO;
            int stallAfterChunks = -1;
            int status;
            String errorType;
            String errorCode;
            String retryAfter;
            String contentType;

            Draft(Kind kind) {
                this.kind = kind;
            }

            Draft(Scenario s) {
                kind = s.kind;
                content = s.content;
                explicitChunks = s.explicitChunks;
                chunkChars = s.chunkChars;
                malformed = s.malformed;
                plainJson = s.plainJson;
                promptTokens = s.promptTokens;
                completionTokens = s.completionTokens;
                withoutUsage = s.withoutUsage;
                model = s.model;
                finishReason = s.finishReason;
                firstByteDelay = s.firstByteDelay;
                chunkDelay = s.chunkDelay;
                stallAfterChunks = s.stallAfterChunks;
                status = s.status;
                errorType = s.errorType;
                errorCode = s.errorCode;
                retryAfter = s.retryAfter;
                contentType = s.contentType;
            }
        }
    }

    @Override
    public String toString() {
        return "OpenAiStandIn[" + baseUrl() + ", queued=" + Arrays.toString(queue.toArray()) + "]";
    }
}
