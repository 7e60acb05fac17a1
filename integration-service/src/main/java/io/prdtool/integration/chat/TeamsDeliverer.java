package io.prdtool.integration.chat;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.delivery.Delivered;
import io.prdtool.integration.delivery.Deliverer;
import io.prdtool.integration.delivery.DeliveryContext;
import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.http.GuardedHttp.HttpCall;
import io.prdtool.integration.integration.IntegrationType;
import io.smallrye.mutiny.Uni;

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook, "Send webhook alerts to a channel": an Adaptive Card
 * 1.4 in a {@code message} attachment (the retired Office 365 connectors' MessageCard is not accepted). 200 or 202
 * means the flow accepted the card (it posts asynchronously). No direct messages: a Workflows webhook posts to one
 * channel, so Teams integrations do not take personal notifications.
 */
@ApplicationScoped
public class TeamsDeliverer implements Deliverer {

    @Inject
    ObjectMapper mapper;

    @Override
    public Set<String> actions() {
        return Set.of("teams.message");
    }

    @Override
    public Set<IntegrationType> testedTypes() {
        return Set.of(IntegrationType.TEAMS);
    }

    @Override
    public Uni<Delivered> deliver(DeliveryContext ctx) {
        return send(ctx, ChatMessage.prdEvent(ctx.payload()));
    }

    @Override
    public Uni<Delivered> testConnection(DeliveryContext ctx) {
        return send(ctx, ChatMessage.test(ctx.integration().name()));
    }

    private Uni<Delivered> send(DeliveryContext ctx, ChatMessage message) {
        String body = json(card(message));
        return ctx.secret().chain(url -> ctx.send(HttpCall.postJson(URI.create(url), Map.of(), body)))
                .map(answer -> {
                    if (answer.successful()) {
                        return Delivered.status(answer.status());
                    }
                    if (answer.status() >= 300 && answer.status() < 400) {
                        throw SlackDeliverer.redirect(answer);
                    }
                    // 404: the flow or its trigger was deleted
                    throw DeliveryException.fromHttp("Teams", answer.status(), answer.header("retry-after"),
                            ctx.redact(answer.text()), true);
                });
    }

    ObjectNode card(ChatMessage m) {
        ObjectNode message = mapper.createObjectNode();
        message.put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", m.headline()).put("weight", "Bolder")
                .put("size", "Medium").put("wrap", true);
        m.details().forEach(d -> body.addObject().put("type", "TextBlock").put("text", d).put("wrap", true));
        if (m.link() != null) {
            card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", m.linkText())
                    .put("url", m.link());
        }
        return message;
    }

    private String json(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
