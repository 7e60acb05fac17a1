package io.prdtool.ai.provider;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.ai.AiConfig;
import io.prdtool.shared.net.OutboundUrlGuard;
import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.parsetools.RecordParser;

/**
 * The OpenAI chat-completions wire protocol ({@code POST <base>/chat/completions}, streamed as server-sent events),
 * spoken by OpenAI, Azure OpenAI (deployment URL, {@code api-key} header, {@code api-version} query), Ollama, vLLM
 * and llama.cpp's server. Written on the Vert.x HTTP client rather than a generated REST client because the call
 * needs exact control: every request asks for a stream with {@code stream_options.include_usage} and always carries a
 * token bound; the connection is closed (never returned to a pool) when the subscriber cancels; four timeouts
 * (connect, first token, idle, total); the answer's size is bounded; and whatever a server sends back (error
 * objects, a plain JSON answer to a streaming request, malformed chunks, another content type) becomes either events
 * or a {@link ProviderException}, never an unexpected exception.
 */
@ApplicationScoped
public class OpenAiCompatibleProvider implements LlmProvider {

    private static final Logger LOG = Logger.getLogger(OpenAiCompatibleProvider.class);

    /** Error bodies and plain JSON answers are read up to this size. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** One SSE line longer than this is not a chunk of an answer. */
    private static final int MAX_LINE = 4 * 1024 * 1024;

    @Inject
    Vertx vertx;

    @Inject
    AiConfig config;

    @Inject
    ObjectMapper mapper;

    private volatile HttpClient client;

    @Override
    public boolean supports(String kind) {
        return "openai".equals(kind) || "azure".equals(kind);
    }

    @Override
    public Multi<ChatEvent> chat(ProviderConfig provider, ChatRequest request) {
        return Multi.createFrom().emitter(emitter -> {
            Context context = Vertx.currentContext();
            Call call = new Call(provider, request, emitter);
            emitter.onTermination(call::terminated);
            if (context != null) {
                context.runOnContext(v -> call.start());
            } else {
                vertx.runOnContext(v -> call.start());
            }
        });
    }

    /** The JSON body we send: the only fields we ever send (the stand-in checks them against the published spec). */
    ObjectNode body(ProviderConfig provider, ChatRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", provider.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put(provider.tokenLimitField(), request.maxTokens());
        body.put("temperature", request.temperature());
        if (request.json()) {
            body.putObject("response_format").put("type", "json_object");
        }
        if (request.user() != null) {
            body.put("user", request.user());
        }
        return body;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions()
                            .setConnectTimeout((int) config.timeouts().connect().toMillis())
                            .setKeepAlive(true)
                            .setMaxPoolSize(512)
                            .setVerifyHost(true)
                            .setDecompressionSupported(true)
                            .setMaxInitialLineLength(8192));
                }
                c = client;
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        HttpClient c = client;
        if (c != null) {
            c.close();
        }
    }

    /** One request and its answer. Every callback runs on the caller's Vert.x context (one thread). */
    private final class Call {

        private final ProviderConfig provider;
        private final ChatRequest request;
        private final MultiEmitter<? super ChatEvent> emitter;
        private final StringBuilder sseData = new StringBuilder();
        private HttpClientRequest httpRequest;
        private boolean done;
        private boolean firstToken;
        private boolean finished;
        private long chars;
        private long totalTimer = -1;
        private long firstTokenTimer = -1;
        private long idleTimer = -1;

        Call(ProviderConfig provider, ChatRequest request, MultiEmitter<? super ChatEvent> emitter) {
            this.provider = provider;
            this.request = request;
            this.emitter = emitter;
        }

        void start() {
            URI uri;
            try {
                uri = URI.create(endpoint());
            } catch (IllegalArgumentException e) {
                fail(new ProviderException(ProviderException.UNREACHABLE, "the provider's base URL is not valid"));
                return;
            }
            totalTimer = vertx.setTimer(config.timeouts().total().toMillis(),
                    id -> timeout("no complete answer within " + config.timeouts().total().toSeconds() + " s"));
            if (provider.guarded()) {
                boolean allowPrivate = config.provider().allowPrivateEndpoints();
                vertx.<List<InetAddress>>executeBlocking(
                        () -> OutboundUrlGuard.resolve(uri.getHost(), "baseUrl", allowPrivate), false)
                        .onComplete(ar -> {
                            if (ar.failed()) {
                                Throwable f = ar.cause();
                                fail(new ProviderException(ProviderException.UNREACHABLE,
                                        f instanceof ProblemException
                                                ? "the organization's AI endpoint was refused: " + f.getMessage()
                                                : "the organization's AI endpoint could not be resolved"));
                            } else {
                                send(uri, ar.result().get(0));
                            }
                        });
            } else {
                send(uri, null);
            }
        }

        private String endpoint() {
            String base = provider.baseUrl().endsWith("/")
                    ? provider.baseUrl().substring(0, provider.baseUrl().length() - 1)
                    : provider.baseUrl();
            String url = base + "/chat/completions";
            if ("azure".equals(provider.kind())) {
                url += "?api-version=" + provider.apiVersion();
            }
            return url;
        }

        private void send(URI uri, InetAddress pinned) {
            if (done) {
                return;
            }
            boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setHost(uri.getHost())
                    .setPort(port)
                    .setSsl(ssl)
                    .setURI(path)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Accept", "text/event-stream, application/json");
            if (pinned != null) {
                // connect to the address the guard checked; Host header and TLS name stay the URL's host
                options.setServer(SocketAddress.inetSocketAddress(port, pinned.getHostAddress()));
            }
            if (provider.apiKey() != null && !provider.apiKey().isBlank()) {
                if ("azure".equals(provider.kind())) {
                    options.putHeader("api-key", provider.apiKey());
                } else {
                    options.putHeader("Authorization", "Bearer " + provider.apiKey());
                }
            }
            Buffer payload = Buffer.buffer(body(provider, request).toString());
            client().request(options).onComplete(ar -> {
                if (ar.failed()) {
                    fail(new ProviderException(ProviderException.UNREACHABLE,
                            "the AI provider could not be reached (" + safe(ar.cause()) + ")", null, true));
                    return;
                }
                httpRequest = ar.result();
                if (done) {
                    httpRequest.reset();
                    return;
                }
                httpRequest.exceptionHandler(this::transportFailure);
                firstTokenTimer = vertx.setTimer(config.timeouts().firstToken().toMillis(),
                        id -> timeout("no answer within " + config.timeouts().firstToken().toSeconds() + " s"));
                httpRequest.send(payload).onComplete(sent -> {
                    if (sent.failed()) {
                        transportFailure(sent.cause());
                    } else {
                        response(sent.result());
                    }
                });
            });
        }

        private void response(HttpClientResponse response) {
            if (done) {
                return;
            }
            response.exceptionHandler(this::transportFailure);
            String contentType = response.getHeader("Content-Type");
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            if (response.statusCode() != 200) {
                readBounded(response, body -> fail(errorFor(response.statusCode(), response, body)));
            } else if (type.startsWith("text/event-stream")) {
                RecordParser lines = RecordParser.newDelimited("\n").maxRecordSize(MAX_LINE);
                lines.exceptionHandler(e -> fail(new ProviderException(ProviderException.INVALID_OUTPUT,
                        "the AI provider sent a line longer than " + MAX_LINE + " bytes")));
                lines.handler(this::line);
                response.handler(buffer -> {
                    touch();
                    lines.handle(buffer);
                });
                response.endHandler(v -> {
                    if (!done) {
                        if (sseData.length() > 0) {
                            dispatch();
                        }
                        if (!done) {
                            endOfStream();
                        }
                    }
                });
            } else if (type.startsWith("application/json")) {
                // some local servers answer a streaming request with one plain chat.completion object
                readBounded(response, this::plainAnswer);
            } else {
                readBounded(response, body -> fail(new ProviderException(ProviderException.PROVIDER_ERROR,
                        "the AI provider answered with " + (contentType == null ? "no content type" : contentType)
                                + " instead of a chat completion")));
            }
        }

        /** One SSE line (without its newline). */
        private void line(Buffer raw) {
            if (done) {
                return;
            }
            String line = raw.toString(StandardCharsets.UTF_8);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                if (sseData.length() > 0) {
                    dispatch();
                }
                return;
            }
            if (line.startsWith(":")) {
                return; // comment / keep-alive
            }
            if (line.startsWith("data:")) {
                String data = line.substring(5);
                if (data.startsWith(" ")) {
                    data = data.substring(1);
                }
                if (sseData.length() > 0) {
                    sseData.append('\n');
                }
                sseData.append(data);
            }
            // event:, id:, retry: carry nothing we use
        }

        private void dispatch() {
            String data = sseData.toString();
            sseData.setLength(0);
            if ("[DONE]".equals(data.trim())) {
                endOfStream();
                return;
            }
            JsonNode chunk;
            try {
                chunk = mapper.readTree(data);
            } catch (Exception e) {
                fail(new ProviderException(ProviderException.INVALID_OUTPUT,
                        "the AI provider sent a malformed stream chunk"));
                return;
            }
            if (chunk == null || !chunk.isObject()) {
                fail(new ProviderException(ProviderException.INVALID_OUTPUT,
                        "the AI provider sent a stream chunk that is not a JSON object"));
                return;
            }
            if (chunk.hasNonNull("error")) {
                fail(new ProviderException(ProviderException.PROVIDER_ERROR,
                        "the AI provider reported an error mid-answer: " + errorMessage(chunk.get("error"))));
                return;
            }
            JsonNode choices = chunk.path("choices");
            String model = text(chunk.get("model"));
            for (JsonNode choice : choices) {
                if (choice.path("index").asInt(0) != 0) {
                    continue;
                }
                String content = text(choice.path("delta").get("content"));
                if (content != null && !content.isEmpty()) {
                    delta(content);
                    if (done) {
                        return;
                    }
                }
                String finish = text(choice.get("finish_reason"));
                if (finish != null) {
                    finished = true;
                    emitter.emit(new ChatEvent.Finished(finish, model));
                }
            }
            JsonNode usage = chunk.get("usage");
            if (usage != null && usage.isObject()) {
                emitter.emit(new ChatEvent.Usage(usage.path("prompt_tokens").asInt(0),
                        usage.path("completion_tokens").asInt(0)));
            }
        }

        private void plainAnswer(Buffer body) {
            JsonNode answer;
            try {
                answer = mapper.readTree(body.getBytes());
            } catch (Exception e) {
                fail(new ProviderException(ProviderException.INVALID_OUTPUT,
                        "the AI provider answered with malformed JSON"));
                return;
            }
            if (answer == null || !answer.isObject()) {
                fail(new ProviderException(ProviderException.INVALID_OUTPUT,
                        "the AI provider's answer is not a JSON object"));
                return;
            }
            if (answer.hasNonNull("error")) {
                fail(new ProviderException(ProviderException.PROVIDER_ERROR,
                        "the AI provider reported an error: " + errorMessage(answer.get("error"))));
                return;
            }
            JsonNode choice = answer.path("choices").path(0);
            String content = text(choice.path("message").get("content"));
            if (content == null) {
                fail(new ProviderException(ProviderException.INVALID_OUTPUT,
                        "the AI provider's answer has no message content"));
                return;
            }
            if (!content.isEmpty()) {
                delta(content);
                if (done) {
                    return;
                }
            }
            String finish = text(choice.get("finish_reason"));
            emitter.emit(new ChatEvent.Finished(finish == null ? "stop" : finish, text(answer.get("model"))));
            finished = true;
            JsonNode usage = answer.get("usage");
            if (usage != null && usage.isObject()) {
                emitter.emit(new ChatEvent.Usage(usage.path("prompt_tokens").asInt(0),
                        usage.path("completion_tokens").asInt(0)));
            }
            complete();
        }

        private void delta(String content) {
            if (!firstToken) {
                firstToken = true;
                vertx.cancelTimer(firstTokenTimer);
                touch();
            }
            chars += content.length();
            if (chars > config.output().maxChars()) {
                fail(new ProviderException(ProviderException.OUTPUT_TOO_LARGE,
                        "the answer exceeded " + config.output().maxChars() + " characters and was cut off"));
                return;
            }
            emitter.emit(new ChatEvent.Delta(content));
        }

        private void endOfStream() {
            if (!finished) {
                fail(new ProviderException(ProviderException.PROVIDER_ERROR,
                        "the AI provider's answer ended before it was complete"));
                return;
            }
            complete();
        }

        /** Restarts the idle timer once the answer has begun. */
        private void touch() {
            if (!firstToken || done) {
                return;
            }
            if (idleTimer >= 0) {
                vertx.cancelTimer(idleTimer);
            }
            idleTimer = vertx.setTimer(config.timeouts().idle().toMillis(),
                    id -> timeout("the answer stalled for " + config.timeouts().idle().toSeconds() + " s"));
        }

        private void readBounded(HttpClientResponse response, java.util.function.Consumer<Buffer> whenRead) {
            Buffer body = Buffer.buffer();
            int limit = Math.max(MAX_ERROR_BODY, config.output().maxChars() * 4 + MAX_ERROR_BODY);
            response.handler(chunk -> {
                if (done) {
                    return;
                }
                if (body.length() + chunk.length() > limit) {
                    fail(new ProviderException(ProviderException.OUTPUT_TOO_LARGE,
                            "the AI provider's answer exceeded " + limit + " bytes"));
                    return;
                }
                body.appendBuffer(chunk);
            });
            response.endHandler(v -> {
                if (!done) {
                    whenRead.accept(body);
                }
            });
        }

        private ProviderException errorFor(int status, HttpClientResponse response, Buffer body) {
            String message = null;
            try {
                JsonNode json = mapper.readTree(body.getBytes());
                if (json != null && json.has("error")) {
                    message = errorMessage(json.get("error"));
                }
            } catch (Exception ignored) {
                // not JSON: the status says enough
            }
            String detail = "the AI provider answered " + status + (message == null ? "" : ": " + message);
            return switch (status) {
                case 401, 403 -> new ProviderException(ProviderException.AUTH,
                        "the AI provider refused the configured API key (" + status + ")");
                case 429 -> new ProviderException(ProviderException.RATE_LIMITED, detail,
                        retryAfter(response.getHeader("Retry-After")), false);
                case 408 -> new ProviderException(ProviderException.TIMEOUT, detail, null, true);
                case 500, 502, 503, 504 -> new ProviderException(ProviderException.PROVIDER_ERROR, detail,
                        retryAfter(response.getHeader("Retry-After")), true);
                default -> new ProviderException(ProviderException.PROVIDER_ERROR, detail);
            };
        }

        private void transportFailure(Throwable failure) {
            if (done) {
                return;
            }
            // before the first token nothing of the answer was used: the caller may try again
            fail(new ProviderException(ProviderException.UNREACHABLE,
                    "the connection to the AI provider failed (" + safe(failure) + ")", null, !firstToken));
        }

        private void timeout(String message) {
            if (!done) {
                fail(new ProviderException(ProviderException.TIMEOUT, message, null, !firstToken));
            }
        }

        private void complete() {
            if (done) {
                return;
            }
            done = true;
            cancelTimers();
            emitter.complete();
        }

        private void fail(ProviderException failure) {
            if (done) {
                return;
            }
            done = true;
            cancelTimers();
            abort();
            emitter.fail(failure);
        }

        /** The subscriber went away (cancel or disconnect) or the stream ended: close what is still open. */
        void terminated() {
            if (!done) {
                done = true;
                cancelTimers();
                abort();
            }
        }

        private void abort() {
            if (httpRequest != null) {
                // HTTP/1.1: resets by closing the connection, so the provider sees the client go and stops generating
                httpRequest.reset();
            }
        }

        private void cancelTimers() {
            for (long t : new long[]{totalTimer, firstTokenTimer, idleTimer}) {
                if (t >= 0) {
                    vertx.cancelTimer(t);
                }
            }
        }
    }

    private static String errorMessage(JsonNode error) {
        if (error == null) {
            return "unknown error";
        }
        if (error.isTextual()) {
            return truncate(error.asText());
        }
        String message = text(error.get("message"));
        String code = text(error.get("code"));
        String result = message == null ? "unknown error" : message;
        return truncate(code == null ? result : result + " (" + code + ")");
    }

    private static Long retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Math.max(1, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: rare from model servers; the default backoff applies
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
    }

    private static String truncate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String safe(Throwable failure) {
        String name = failure.getClass().getSimpleName();
        String message = failure.getMessage();
        LOG.debugf("provider transport failure: %s", failure);
        return message == null ? name : truncate(message);
    }
}
