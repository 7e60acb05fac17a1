package io.prdtool.integration.standin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A vendor API in the test JVM: a Vert.x HTTP server on 127.0.0.1 that
 * <ol>
 * <li>checks every request against the vendor's published OpenAPI spec (a trimmed copy under
 * {@code src/test/resources/vendor-specs/}) and records each violation, so a test can fail on any request the real
 * vendor would not accept by its contract; the stand-in's own successful answers are checked against the spec as
 * well, so that it cannot drift from what the vendor returns;</li>
 * <li>answers like the vendor from in-memory state (subclasses);</li>
 * <li>injects faults on demand ({@link #failNext}): a status with headers, a redirect, or a write that is applied and
 * then answered too late or not at all.</li>
 * </ol>
 * Requests with a wrong {@code Authorization} get 401 before anything else happens.
 */
public abstract class VendorStandIn implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** The validator logs an INFO line per request about OAuth2 schemes it does not check; kept referenced. */
    private static final java.util.logging.Logger VALIDATOR_LOG = quiet("com.atlassian.oai.validator");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** A fault for the next matching request. */
    public sealed interface Fault {
    }

    /** Answer {@code status} with these headers and body; the request has no effect. */
    public record Status(int status, Map<String, String> headers, String body) implements Fault {

        public static Status of(int status) {
            return new Status(status, Map.of(), "{\"errorMessages\":[\"injected " + status + "\"],\"errors\":{}}");
        }

        public static Status retryAfter(int status, int seconds) {
            return new Status(status, Map.of("Retry-After", String.valueOf(seconds)),
                    "{\"errorMessages\":[\"injected " + status + "\"],\"errors\":{}}");
        }
    }

    /** Answer 302 with this {@code Location}; the request has no effect. */
    public record Redirect(String location) implements Fault {
    }

    /** Apply the request, then answer only after {@code delay} (longer than the client waits). */
    public record CommitThenDelay(Duration delay) implements Fault {
    }

    /** Apply the request, then close the connection without an answer. */
    public record CommitThenClose() implements Fault {
    }

    /** A request as received: method, path, decoded query, headers (lower-case names) and body. */
    public record Received(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
            String body) {

        public String param(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public JsonNode json() {
            try {
                return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }
    }

    /** An answer. */
    public record Reply(int status, Map<String, String> headers, String body) {

        public static Reply json(int status, JsonNode body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body.toString());
        }

        public static Reply empty(int status) {
            return new Reply(status, Map.of(), "");
        }
    }

    private record PendingFault(String method, Pattern path, Fault fault) {
    }

    private final Vertx vertx;
    private final String name;
    private final OpenApiInteractionValidator validator;
    private final String expectedAuthorization;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<PendingFault> faults = new CopyOnWriteArrayList<>();
    private HttpServer server;

    protected VendorStandIn(Vertx vertx, String name, String specResource, String basePath,
            String expectedAuthorization, ValidationErrorsWhitelist whitelist) {
        this.vertx = vertx;
        this.name = name;
        this.expectedAuthorization = expectedAuthorization;
        OpenApiInteractionValidator.Builder builder = OpenApiInteractionValidator
                .createForInlineApiSpecification(resource(specResource))
                .withWhitelist(whitelist);
        if (basePath != null) {
            builder.withBasePathOverride(basePath);
        }
        this.validator = builder.build();
    }

    /**
     * Starts listening on a free port of 127.0.0.1, after one validation of {@code warmUp} (the schema validator's
     * first use takes seconds, which would otherwise count against the first client call's timeout).
     */
    public synchronized VendorStandIn start() {
        Received warmUp = warmUpRequest();
        validate(warmUp);
        violations.clear();
        try {
            server = vertx.createHttpServer().requestHandler(this::onRequest).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the " + name + " stand-in did not start", e);
        }
        return this;
    }

    /** The base URL to configure a client with (host name {@code localhost}, so the guard has a name to resolve). */
    public String baseUrl() {
        return "http://localhost:" + server.actualPort();
    }

    /** Every spec violation seen so far, as {@code METHOD path: key: message}. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Every request seen so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The next request with {@code method} whose path (without query) matches {@code pathRegex} gets {@code fault}. */
    public void failNext(String method, String pathRegex, Fault fault) {
        faults.add(new PendingFault(method, Pattern.compile(pathRegex), fault));
    }

    /** Forgets requests, violations and pending faults (the in-memory vendor state stays). */
    public void clearLog() {
        received.clear();
        violations.clear();
        faults.clear();
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the test is over
            }
        }
    }

    /** A valid request with a JSON body, validated once before the server starts. */
    protected abstract Received warmUpRequest();

    /**
     * Whether the subclass checks this request itself instead of the OpenAPI spec (e.g. an API version the vendor
     * publishes no spec for); then neither the request nor the answer is checked against the spec.
     */
    protected boolean ownContract(Received r) {
        return false;
    }

    /** Records a violation the spec cannot express (e.g. an ADF description that the ADF schema rejects). */
    protected void violation(Received r, String message) {
        violations.add(r.method() + " " + r.path() + ": " + message);
    }

    /** The vendor's behaviour: the answer to a valid, authorized request. Called on one thread at a time. */
    protected abstract Reply handle(Received request);

    private void onRequest(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            Received r = received(request, buffer);
            received.add(r);
            if (!ownContract(r)) {
                validate(r);
            }
            Reply reply;
            String auth = r.headers().get("authorization");
            boolean authorized = expectedAuthorization == null || expectedAuthorization.equals(auth);
            PendingFault fault = authorized ? takeFault(r) : null;
            if (!authorized) {
                reply = new Reply(401, Map.of("Content-Type", "application/json"),
                        "{\"errorMessages\":[\"You are not authenticated.\"],\"errors\":{}}");
            } else if (fault == null) {
                reply = handleChecked(r);
            } else if (fault.fault() instanceof Status s) {
                Map<String, String> headers = new LinkedHashMap<>(s.headers());
                headers.putIfAbsent("Content-Type", "application/json");
                reply = new Reply(s.status(), headers, s.body());
            } else if (fault.fault() instanceof Redirect redirect) {
                reply = new Reply(302, Map.of("Location", redirect.location()), "");
            } else if (fault.fault() instanceof CommitThenDelay delay) {
                Reply late = handleChecked(r);
                vertx.setTimer(delay.delay().toMillis(), id -> write(request, late));
                return;
            } else {
                handleChecked(r);
                request.connection().close();
                return;
            }
            write(request, reply);
        });
    }

    private synchronized Reply handleChecked(Received r) {
        Reply reply = handle(r);
        if (reply.status() >= 200 && reply.status() < 300 && !ownContract(r)) {
            SimpleResponse.Builder response = new SimpleResponse.Builder(reply.status());
            reply.headers().forEach(response::withHeader);
            if (!reply.body().isEmpty()) {
                response.withBody(reply.body());
            }
            ValidationReport report = validator.validateResponse(r.path(), Request.Method.valueOf(r.method()),
                    response.build());
            record(r, "answer " + reply.status(), report);
        }
        return reply;
    }

    private synchronized PendingFault takeFault(Received r) {
        Iterator<PendingFault> it = faults.iterator();
        while (it.hasNext()) {
            PendingFault f = it.next();
            if (f.method().equals(r.method()) && f.path().matcher(r.path()).matches()) {
                faults.remove(f);
                return f;
            }
        }
        return null;
    }

    private void write(HttpServerRequest request, Reply reply) {
        try {
            request.response().setStatusCode(reply.status());
            reply.headers().forEach(request.response()::putHeader);
            request.response().end(reply.body());
        } catch (RuntimeException closed) {
            // the client gave up (timeout) and reset the connection
        }
    }

    private void validate(Received r) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(r.method(), r.path());
        r.headers().forEach(builder::withHeader);
        r.query().forEach(builder::withQueryParam);
        if (!r.body().isEmpty()) {
            builder.withBody(r.body());
        }
        record(r, "request", validator.validateRequest(builder.build()));
    }

    private void record(Received r, String what, ValidationReport report) {
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() == ValidationReport.Level.ERROR) {
                violations.add(r.method() + " " + r.path() + " (" + what + "): " + m.getKey() + ": " + m.getMessage()
                        + (m.getNestedMessages().isEmpty()
                                ? ""
                                : " " + m.getNestedMessages().stream().map(ValidationReport.Message::getMessage)
                                        .toList()));
            }
        }
    }

    private static Received received(HttpServerRequest request, Buffer body) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        String raw = request.query();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
        return new Received(request.method().name(), request.path(), query, headers,
                body.toString(StandardCharsets.UTF_8));
    }

    protected static String resource(String path) {
        try (InputStream in = VendorStandIn.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Jira's and Confluence's shape of an error answer. */
    protected static Reply error(int status, String message) {
        ObjectNode body = object();
        body.putArray("errorMessages").add(message);
        body.putObject("errors");
        return Reply.json(status, body);
    }
}
