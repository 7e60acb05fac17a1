package io.prdtool.integration.chat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.IntegrationConfig;
import io.prdtool.integration.delivery.Delivered;
import io.prdtool.integration.delivery.Deliverer;
import io.prdtool.integration.delivery.DeliveryContext;
import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.delivery.DeliveryException.Kind;
import io.prdtool.integration.http.GuardedHttp.HttpAnswer;
import io.prdtool.integration.http.GuardedHttp.HttpCall;
import io.prdtool.integration.integration.IntegrationType;
import io.smallrye.mutiny.Uni;

/**
 * Slack: channel messages through an incoming webhook ({@code mode=webhook}: the URL is the credential) or the Web API
 * with a bot token ({@code mode=bot}: {@code chat.postMessage} to {@code settings.channel}); personal notifications
 * with the bot token ({@code users.lookupByEmail}, then {@code chat.postMessage} to the user id, which opens the direct
 * message). The Web API answers HTTP 200 with {@code ok:false} for failures: the error decides the kind (archived or
 * unknown channel: gone; revoked or invalid token: auth; {@code ratelimited}: retryable; the rest: terminal).
 */
@ApplicationScoped
public class SlackDeliverer implements Deliverer {

    static final Set<String> GONE = Set.of("channel_not_found", "is_archived", "channel_is_archived",
            "team_access_not_granted");
    static final Set<String> AUTH = Set.of("invalid_auth", "not_authed", "token_revoked", "token_expired",
            "account_inactive", "no_permission", "missing_scope", "org_login_required", "ekm_access_denied");
    static final Set<String> RETRY = Set.of("ratelimited", "rate_limited", "service_unavailable", "internal_error",
            "fatal_error", "request_timeout");

    @Inject
    ObjectMapper mapper;

    @Inject
    IntegrationConfig config;

    @Override
    public Set<String> actions() {
        return Set.of("slack.message", "slack.dm");
    }

    @Override
    public Set<IntegrationType> testedTypes() {
        return Set.of(IntegrationType.SLACK);
    }

    @Override
    public Uni<Delivered> deliver(DeliveryContext ctx) {
        if ("slack.dm".equals(ctx.action())) {
            return direct(ctx, ChatMessage.notification(ctx.payload()));
        }
        return toChannel(ctx, ChatMessage.prdEvent(ctx.payload()));
    }

    /** Bot: {@code auth.test} (token valid, workspace reachable). Webhook: a test message in the channel. */
    @Override
    public Uni<Delivered> testConnection(DeliveryContext ctx) {
        if ("bot".equals(ctx.integration().mode())) {
            return ctx.secret().chain(token -> ctx.send(HttpCall.get(api("auth.test"), Map.of("Authorization",
                    "Bearer " + token))))
                    .map(answer -> {
                        web(ctx, answer, "auth.test");
                        return Delivered.status(answer.status());
                    });
        }
        return toChannel(ctx, ChatMessage.test(ctx.integration().name()));
    }

    private Uni<Delivered> toChannel(DeliveryContext ctx, ChatMessage message) {
        ObjectNode body = SlackText.message(mapper, message);
        if ("bot".equals(ctx.integration().mode())) {
            return postMessage(ctx, ctx.integration().settings().path("channel").asText(), body);
        }
        return ctx.secret().chain(url -> ctx.send(HttpCall.postJson(URI.create(url), Map.of(), json(body))))
                .map(answer -> {
                    if (answer.successful()) {
                        return Delivered.status(answer.status());
                    }
                    if (answer.status() >= 300 && answer.status() < 400) {
                        throw redirect(answer);
                    }
                    // 404 channel_not_found and 410 channel_is_archived: the webhook's channel is gone
                    throw DeliveryException.fromHttp("Slack", answer.status(), answer.header("retry-after"),
                            ctx.redact(answer.text()), true);
                });
    }

    private Uni<Delivered> direct(DeliveryContext ctx, ChatMessage message) {
        String email = ctx.payload().path("recipientEmail").asText();
        return ctx.secret()
                .chain(token -> ctx.send(HttpCall.get(URI.create(api("users.lookupByEmail") + "?email="
                        + URLEncoder.encode(email, StandardCharsets.UTF_8)), Map.of("Authorization",
                                "Bearer "
                                        + token))))
                .chain(answer -> {
                    JsonNode user = web(ctx, answer, "users.lookupByEmail");
                    String userId = user.path("user").path("id").asText(null);
                    if (userId == null) {
                        throw DeliveryException.terminal("Slack users.lookupByEmail answered without a user id");
                    }
                    return postMessage(ctx, userId, SlackText.message(mapper, message));
                });
    }

    private Uni<Delivered> postMessage(DeliveryContext ctx, String channel, ObjectNode body) {
        body.put("channel", channel);
        body.put("unfurl_links", false);
        return ctx.secret()
                .chain(token -> ctx.send(HttpCall.postJson(api("chat.postMessage"), Map.of("Authorization",
                        "Bearer " + token), json(body))))
                .map(answer -> {
                    JsonNode ok = web(ctx, answer, "chat.postMessage");
                    String ts = ok.path("ts").asText(null);
                    String ch = ok.path("channel").asText(channel);
                    return Delivered.external(answer.status(), ts == null ? null : ch + ":" + ts, null);
                });
    }

    /** A Web API answer: the parsed body when {@code ok}, else the classified failure. */
    private JsonNode web(DeliveryContext ctx, HttpAnswer answer, String method) {
        if (answer.status() >= 300 && answer.status() < 400) {
            throw redirect(answer);
        }
        if (!answer.successful()) {
            throw DeliveryException.fromHttp("Slack " + method, answer.status(), answer.header("retry-after"),
                    ctx.redact(answer.text()), false);
        }
        JsonNode body;
        try {
            body = mapper.readTree(answer.body());
        } catch (java.io.IOException e) {
            throw DeliveryException.retryable("Slack " + method + " answered something that is not JSON", null);
        }
        if (body == null || !body.path("ok").asBoolean(false)) {
            String error = body == null ? "unknown" : body.path("error").asText("unknown");
            Kind kind = GONE.contains(error)
                    ? Kind.GONE
                    : AUTH.contains(error)
                            ? Kind.AUTH
                            : RETRY.contains(error) ? Kind.RETRYABLE : Kind.TERMINAL;
            throw new DeliveryException(kind, "Slack " + method + " failed: " + error, answer.status(),
                    DeliveryException.parseRetryAfter(answer.header("retry-after")), ctx.redact(answer.text()), null);
        }
        return body;
    }

    private URI api(String method) {
        return URI.create(config.slack().apiBaseUrl().replaceAll("/+$", "") + "/" + method);
    }

    static DeliveryException redirect(HttpAnswer answer) {
        return new DeliveryException(Kind.TERMINAL, "the target answered a redirect (" + answer.status()
                + "), which is not followed", answer.status(), null, null, null);
    }

    private String json(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
