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

import io.prdtool.integration.delivery.Delivered;
import io.prdtool.integration.delivery.Deliverer;
import io.prdtool.integration.delivery.DeliveryContext;
import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.http.GuardedHttp.HttpAnswer;
import io.prdtool.integration.http.GuardedHttp.HttpCall;
import io.prdtool.integration.integration.IntegrationType;
import io.smallrye.mutiny.Uni;

/**
 * Mattermost: channel messages through an incoming webhook ({@code mode=webhook}: {@code {text, username?, props}}) or
 * the API v4 with a bot or personal access token ({@code mode=bot}: {@code POST /api/v4/posts} to
 * {@code settings.channelId}); personal notifications with the token ({@code GET /api/v4/users/email/{email}},
 * {@code GET /api/v4/users/me}, {@code POST /api/v4/channels/direct}, then the post). Messages are Markdown.
 */
@ApplicationScoped
public class MattermostDeliverer implements Deliverer {

    @Inject
    ObjectMapper mapper;

    @Override
    public Set<String> actions() {
        return Set.of("mattermost.message", "mattermost.dm");
    }

    @Override
    public Set<IntegrationType> testedTypes() {
        return Set.of(IntegrationType.MATTERMOST);
    }

    @Override
    public Uni<Delivered> deliver(DeliveryContext ctx) {
        if ("mattermost.dm".equals(ctx.action())) {
            return direct(ctx, ChatMessage.notification(ctx.payload()));
        }
        return toChannel(ctx, ChatMessage.prdEvent(ctx.payload()));
    }

    /** Bot: {@code GET /api/v4/users/me}. Webhook: a test message. */
    @Override
    public Uni<Delivered> testConnection(DeliveryContext ctx) {
        if ("bot".equals(ctx.integration().mode())) {
            return ctx.secret().chain(token -> ctx.send(HttpCall.get(api(ctx, "/users/me"), auth(token))))
                    .map(answer -> {
                        ok(ctx, answer, "users/me");
                        return Delivered.status(answer.status());
                    });
        }
        return toChannel(ctx, ChatMessage.test(ctx.integration().name()));
    }

    private Uni<Delivered> toChannel(DeliveryContext ctx, ChatMessage message) {
        if ("bot".equals(ctx.integration().mode())) {
            return post(ctx, ctx.integration().settings().path("channelId").asText(), message);
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("text", markdown(message));
        if (ctx.integration().settings().hasNonNull("username")) {
            body.put("username", ctx.integration().settings().get("username").asText());
        }
        props(ctx, body);
        return ctx.secret().chain(url -> ctx.send(HttpCall.postJson(URI.create(url), Map.of(), json(body))))
                .map(answer -> {
                    ok(ctx, answer, "incoming webhook");
                    return Delivered.status(answer.status());
                });
    }

    private Uni<Delivered> direct(DeliveryContext ctx, ChatMessage message) {
        String email = ctx.payload().path("recipientEmail").asText();
        return ctx.secret().chain(token -> ctx.send(HttpCall.get(api(ctx, "/users/email/"
                + URLEncoder.encode(email, StandardCharsets.UTF_8)), auth(token)))
                .map(answer -> ok(ctx, answer, "users/email").path("id").asText(null))
                .chain(userId -> ctx.send(HttpCall.get(api(ctx, "/users/me"), auth(token)))
                        .map(me -> ok(ctx, me, "users/me").path("id").asText(null))
                        .chain(botId -> {
                            if (userId == null || botId == null) {
                                throw DeliveryException.terminal("Mattermost answered without user ids");
                            }
                            return ctx.send(HttpCall.postJson(api(ctx, "/channels/direct"), auth(token),
                                    json(mapper.createArrayNode().add(botId).add(userId))));
                        }))
                .map(answer -> ok(ctx, answer, "channels/direct").path("id").asText(null))
                .chain(channelId -> post(ctx, channelId, message)));
    }

    private Uni<Delivered> post(DeliveryContext ctx, String channelId, ChatMessage message) {
        ObjectNode body = mapper.createObjectNode();
        body.put("channel_id", channelId);
        body.put("message", markdown(message));
        props(ctx, body);
        return ctx.secret().chain(token -> ctx.send(HttpCall.postJson(api(ctx, "/posts"), auth(token), json(body))))
                .map(answer -> {
                    JsonNode post = ok(ctx, answer, "posts");
                    return Delivered.external(answer.status(), post.path("id").asText(null), null);
                });
    }

    private void props(DeliveryContext ctx, ObjectNode body) {
        ObjectNode props = body.putObject("props").putObject("prdtool");
        props.put("deliveryId", ctx.delivery().id().toString());
        if (ctx.payload().hasNonNull("eventId")) {
            props.put("eventId", ctx.payload().get("eventId").asText());
        }
    }

    private JsonNode ok(DeliveryContext ctx, HttpAnswer answer, String what) {
        if (answer.status() >= 300 && answer.status() < 400) {
            throw SlackDeliverer.redirect(answer);
        }
        if (!answer.successful()) {
            // a 404 of the webhook itself or of the channel: the target is gone
            throw DeliveryException.fromHttp("Mattermost " + what, answer.status(), answer.header("retry-after"),
                    ctx.redact(answer.text()), !"users/email".equals(what));
        }
        try {
            String text = answer.text();
            return text.isBlank() || !text.trim().startsWith("{") ? mapper.createObjectNode() : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }

    private static URI api(DeliveryContext ctx, String path) {
        return URI.create(ctx.integration().settings().path("baseUrl").asText().replaceAll("/+$", "") + "/api/v4"
                + path);
    }

    private static Map<String, String> auth(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    static String markdown(ChatMessage m) {
        StringBuilder sb = new StringBuilder("**").append(m.headline().replace("*", "\\*")).append("**");
        m.details().forEach(d -> sb.append('\n').append(d));
        if (m.link() != null) {
            sb.append("\n[").append(m.linkText()).append("](").append(m.link()).append(')');
        }
        return sb.toString();
    }

    private String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
