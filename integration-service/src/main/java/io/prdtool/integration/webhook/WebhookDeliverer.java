package io.prdtool.integration.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.delivery.Delivered;
import io.prdtool.integration.delivery.Deliverer;
import io.prdtool.integration.delivery.DeliveryContext;
import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.http.GuardedHttp.HttpAnswer;
import io.prdtool.integration.http.GuardedHttp.HttpCall;
import io.prdtool.integration.integration.IntegrationType;
import io.prdtool.shared.events.Topics;
import io.smallrye.mutiny.Uni;

/**
 * Outgoing signed webhooks (Standard Webhooks 1.0): a JSON body shaped like a CloudEvent of the PRD event (the same
 * bytes on every retry), headers {@code webhook-id} (the delivery id, stable across retries: receivers dedupe on it),
 * {@code webhook-timestamp} (unix seconds) and {@code webhook-signature}. 2xx is success; a redirect is a failure
 * (never followed); 410 disables the integration; 429 and 5xx are retried after {@code Retry-After}.
 */
@ApplicationScoped
public class WebhookDeliverer implements Deliverer {

    public static final String ACTION = "webhook.event";

    @Inject
    ObjectMapper mapper;

    @Override
    public Set<String> actions() {
        return Set.of(ACTION);
    }

    @Override
    public Set<IntegrationType> testedTypes() {
        return Set.of(IntegrationType.WEBHOOK);
    }

    @Override
    public Uni<Delivered> deliver(DeliveryContext ctx) {
        return post(ctx, body(ctx.payload()));
    }

    /** A signed {@code io.prdtool.Ping} the receiver can verify like any delivery. */
    @Override
    public Uni<Delivered> testConnection(DeliveryContext ctx) {
        ObjectNode ping = mapper.createObjectNode();
        ping.put("specversion", "1.0");
        ping.put("id", ctx.delivery().id().toString());
        ping.put("type", Topics.TYPE_PREFIX + "Ping");
        ping.put("source", "/prdtool/integration-service");
        ping.put("time", Instant.now().toString());
        ping.put("datacontenttype", "application/json");
        ping.putObject("data").put("integrationId", ctx.integration().id().toString());
        return post(ctx, write(ping));
    }

    private Uni<Delivered> post(DeliveryContext ctx, byte[] body) {
        URI url = URI.create(ctx.integration().settings().path("url").asText());
        String id = ctx.delivery().id().toString();
        return ctx.credentials().chain(credentials -> {
            long timestamp = Instant.now().getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("User-Agent", "PRD-Tool-Webhooks/1.0");
            headers.put("webhook-id", id);
            headers.put("webhook-timestamp", Long.toString(timestamp));
            headers.put("webhook-signature", WebhookSignature.header(credentials.current(), credentials.previous(),
                    id, timestamp, body));
            return ctx.send(new HttpCall("POST", url, headers, body, null));
        }).map(answer -> result(ctx, answer));
    }

    private static Delivered result(DeliveryContext ctx, HttpAnswer answer) {
        if (answer.successful()) {
            return Delivered.status(answer.status());
        }
        if (answer.status() >= 300 && answer.status() < 400) {
            throw new DeliveryException(DeliveryException.Kind.TERMINAL, "the endpoint answered a redirect ("
                    + answer.status() + "); redirects are not followed: configure the final URL", answer.status(), null,
                    null, null);
        }
        throw DeliveryException.fromHttp("the endpoint", answer.status(), answer.header("retry-after"),
                ctx.redact(answer.text()), false);
    }

    /** The body: a CloudEvent of the source event ({@code data}), with what is known of the PRD ({@code prd}). */
    byte[] body(ObjectNode payload) {
        ObjectNode ce = mapper.createObjectNode();
        ce.put("specversion", "1.0");
        ce.put("id", payload.path("eventId").asText());
        ce.put("type", Topics.TYPE_PREFIX + payload.path("eventType").asText());
        ce.put("source", payload.path("source").asText());
        ce.put("subject", payload.path("subject").asText());
        ce.put("time", payload.path("time").asText());
        ce.put("datacontenttype", "application/json");
        if (payload.hasNonNull("dataschema")) {
            ce.put("dataschema", payload.get("dataschema").asText());
        }
        if (payload.hasNonNull("organizationId")) {
            ce.put("orgid", payload.get("organizationId").asText());
        }
        ce.set("data", payload.path("data"));
        ce.set("prd", payload.path("prd"));
        return write(ce);
    }

    private byte[] write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
