package io.prdtool.integration.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The targets integration-service calls, as one small HTTP server in the test JVM (Vert.x, on a free port of
 * localhost): webhook receivers ({@code /hooks/...}), Slack (incoming webhooks {@code /services/...} and the Web
 * API {@code /slack/api/...}, every Web API request checked against Slack's published spec), Mattermost
 * ({@code /mm/hooks/...}, {@code /mm/api/v4/...}) and Teams Workflows ({@code /teams/...}). Every request is recorded
 * as received (before any reply), so a test counts what really arrived; a path can be scripted with faults (a status
 * with headers, a reply after a delay, a redirect) that are used up in order before the normal answer.
 */
public final class StandIn {

    /** One request as received. */
    public record Received(String method, String path, String query, Map<String, String> headers, String body,
            Instant at) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonObject json() {
            return new JsonObject(body);
        }
    }

    /** A scripted answer: status, headers, body, sent after {@code delayMs}. */
    public record Reply(int status, Map<String, String> headers, String body, long delayMs) {

        public static Reply status(int status) {
            return new Reply(status, Map.of(), "", 0);
        }

        public static Reply status(int status, String header, String value) {
            return new Reply(status, Map.of(header, value), "", 0);
        }

        public static Reply json(int status, String json) {
            return new Reply(status, Map.of("Content-Type", "application/json"), json, 0);
        }

        /** Records the request (the target has it) but answers 200 only after {@code delayMs}. */
        public static Reply late(long delayMs) {
            return new Reply(200, Map.of(), "ok", delayMs);
        }

        public static Reply redirect(String location) {
            return new Reply(302, Map.of("Location", location), "", 0);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
    private final SlackSpec slackSpec = SlackSpec.load();
    private final List<String> specViolations = new CopyOnWriteArrayList<>();

    private StandIn() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "localhost").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static StandIn start() {
        try {
            return new StandIn();
        } catch (Exception e) {
            throw new IllegalStateException("the stand-in could not start", e);
        }
    }

    public String url(String path) {
        return "http://localhost:" + server.actualPort() + path;
    }

    public int port() {
        return server.actualPort();
    }

    /** A fresh path under {@code prefix} (one per test, so tests never see each other's requests). */
    public String freshPath(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The next requests to {@code path} get these answers, in order; then the normal answer. */
    public void script(String path, Reply... replies) {
        scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(replies));
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public List<Received> receivedUnder(String prefix) {
        return received.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    /** Requests to the Slack Web API that the published spec does not allow (method, path, auth, required params). */
    public List<String> slackSpecViolations() {
        return List.copyOf(specViolations);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            String body = buffer.toString(StandardCharsets.UTF_8);
            Received r = new Received(request.method().name(), request.path(), request.query(), headers, body,
                    Instant.now());
            received.add(r);
            if (request.path().startsWith("/slack/api/")) {
                specViolations.addAll(slackSpec.check(r, request.path().substring("/slack/api".length())));
            }
            Deque<Reply> script = scripts.get(request.path());
            Reply reply = script == null ? null : script.poll();
            if (reply == null) {
                reply = normal(r);
            }
            Reply chosen = reply;
            Runnable send = () -> {
                var response = request.response().setStatusCode(chosen.status());
                chosen.headers().forEach(response::putHeader);
                response.end(chosen.body());
            };
            if (chosen.delayMs() > 0) {
                vertx.setTimer(chosen.delayMs(), id -> {
                    if (!request.response().closed()) {
                        send.run();
                    }
                });
            } else {
                send.run();
            }
        });
    }

    /** What the real target answers when all is well. */
    private static Reply normal(Received r) {
        String p = r.path();
        if (p.startsWith("/slack/api/")) {
            return switch (p) {
                case "/slack/api/chat.postMessage" -> {
                    String channel = r.body().isBlank() ? "C0" : r.json().getString("channel", "C0");
                    yield Reply.json(200, new JsonObject().put("ok", true).put("channel", channel)
                            .put("ts", System.nanoTime() / 1000 + ".000100").encode());
                }
                case "/slack/api/users.lookupByEmail" -> Reply.json(200, new JsonObject().put("ok", true)
                        .put("user", new JsonObject().put("id", "U0TESTUSER")).encode());
                case "/slack/api/auth.test" -> Reply.json(200, new JsonObject().put("ok", true)
                        .put("url", "https://test.slack.com/").put("team", "Test").put("user", "prdtool")
                        .put("team_id", "T0TEST").put("user_id", "U0BOT").encode());
                default -> Reply.json(200, "{\"ok\":false,\"error\":\"unknown_method\"}");
            };
        }
        if (p.startsWith("/mm/api/v4/")) {
            if (p.startsWith("/mm/api/v4/users/email/")) {
                return Reply.json(200, "{\"id\":\"mmuser1\",\"username\":\"someone\"}");
            }
            return switch (p) {
                case "/mm/api/v4/users/me" -> Reply.json(200, "{\"id\":\"mmbot1\",\"username\":\"prdtool\"}");
                case "/mm/api/v4/channels/direct" -> Reply.json(201, "{\"id\":\"mmdm1\",\"type\":\"D\"}");
                case "/mm/api/v4/posts" -> Reply.json(201, new JsonObject().put("id", UUID.randomUUID().toString())
                        .encode());
                default -> Reply.status(404);
            };
        }
        if (p.startsWith("/teams/")) {
            return Reply.status(202);
        }
        return new Reply(200, Map.of(), "ok", 0);
    }

    /** The Slack Web API spec (a subset of slackapi/slack-api-specs, Swagger 2.0) and a small request validator. */
    static final class SlackSpec {

        private final JsonObject paths;

        private SlackSpec(JsonObject paths) {
            this.paths = paths;
        }

        static SlackSpec load() {
            try (var in = StandIn.class.getResourceAsStream("/vendor-specs/slack-web-api.subset.json")) {
                return new SlackSpec(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .getJsonObject("paths"));
            } catch (Exception e) {
                throw new IllegalStateException("the Slack spec is missing", e);
            }
        }

        /**
         * Method and path exist; the token travels as {@code Authorization: Bearer} (Slack's documented form of the
         * spec's {@code token} parameter); every other required parameter is in the query (GET) or the JSON body.
         */
        List<String> check(Received r, String apiPath) {
            List<String> problems = new ArrayList<>();
            JsonObject ops = paths.getJsonObject(apiPath);
            if (ops == null) {
                problems.add(r.method() + " " + apiPath + ": no such Web API method in the spec");
                return problems;
            }
            JsonObject op = ops.getJsonObject(r.method().toLowerCase(Locale.ROOT));
            if (op == null) {
                problems.add(r.method() + " " + apiPath + ": the spec allows only " + ops.fieldNames());
                return problems;
            }
            JsonObject json = null;
            String contentType = r.header("content-type");
            if (contentType != null && contentType.startsWith("application/json")) {
                if (!op.getJsonArray("consumes", new io.vertx.core.json.JsonArray()).contains("application/json")) {
                    problems.add(apiPath + ": the spec does not accept JSON bodies");
                }
                json = r.json();
            }
            String query = r.query() == null ? "" : r.query();
            for (Object o : op.getJsonArray("parameters")) {
                JsonObject param = (JsonObject) o;
                if (!param.getBoolean("required", false)) {
                    continue;
                }
                String name = param.getString("name");
                if ("token".equals(name)) {
                    String auth = r.header("authorization");
                    if (auth == null || !auth.startsWith("Bearer ") || auth.length() < 12) {
                        problems.add(apiPath + ": no bearer token");
                    }
                    continue;
                }
                boolean present = query.matches("(^|.*&)" + name + "=[^&]+.*")
                        || (json != null && json.getValue(name) != null);
                if (!present) {
                    problems.add(apiPath + ": required parameter " + name + " is missing");
                }
            }
            return problems;
        }
    }
}
