package io.prdtool.integration.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.http.GuardedHttp;
import io.prdtool.integration.http.GuardedHttp.HttpAnswer;
import io.prdtool.integration.http.GuardedHttp.HttpCall;
import io.prdtool.integration.integration.Integration;
import io.prdtool.integration.integration.IntegrationRepository;
import io.prdtool.integration.integration.IntegrationRepository.Credentials;
import io.smallrye.mutiny.Uni;

/**
 * What an adapter gets for one attempt: the delivery (id, action, payload, idempotency key, attempt number), the
 * integration (type, validated settings), its credential on demand, and {@link #send} for HTTP calls (SSRF-guarded, and
 * recorded for the attempt log with credentials redacted).
 */
public final class DeliveryContext {

    private final Delivery delivery;
    private final Integration integration;
    private final IntegrationRepository integrations;
    private final GuardedHttp http;
    private Credentials credentials;
    private Redaction redaction = new Redaction(List.of());
    private String requestExcerpt;
    private String responseExcerpt;
    private Integer lastStatus;

    DeliveryContext(Delivery delivery, Integration integration, IntegrationRepository integrations, GuardedHttp http) {
        this.delivery = delivery;
        this.integration = integration;
        this.integrations = integrations;
        this.http = http;
    }

    public Delivery delivery() {
        return delivery;
    }

    public Integration integration() {
        return integration;
    }

    public String action() {
        return delivery.action();
    }

    public ObjectNode payload() {
        return delivery.payload();
    }

    /** Stable across retries of this delivery: source event id, integration id and action. */
    public String idempotencyKey() {
        return delivery.idempotencyKey();
    }

    /** 1 for the first attempt. */
    public int attempt() {
        return delivery.attempts();
    }

    /** The integration's credential in clear (and the previous one during a rotation); decrypted once per attempt. */
    public Uni<Credentials> credentials() {
        if (credentials != null) {
            return Uni.createFrom().item(credentials);
        }
        return integrations.credentials(integration).map(found -> {
            Optional<Credentials> c = found;
            credentials = c.orElseThrow(() -> DeliveryException.terminal("the integration has no credential"));
            List<String> secrets = new ArrayList<>();
            secrets.add(credentials.current());
            secrets.add(credentials.previous());
            redaction = new Redaction(secrets);
            return credentials;
        });
    }

    /** The current credential in clear. */
    public Uni<String> secret() {
        return credentials().map(Credentials::current);
    }

    /** Sends {@code call} through the guarded client and records the redacted request and answer. */
    public Uni<HttpAnswer> send(HttpCall call) {
        requestExcerpt = redaction.request(call);
        return http.send(call).invoke(answer -> {
            lastStatus = answer.status();
            responseExcerpt = redaction.answer(answer);
        });
    }

    /** For adapters that do not speak HTTP (git): a short, secret-free description of what was attempted. */
    public void note(String request, String response) {
        requestExcerpt = redaction.text(request);
        responseExcerpt = redaction.text(response);
    }

    /** Redacts credentials from {@code text} (for error messages built from a target's answer). */
    public String redact(String text) {
        return redaction.text(text);
    }

    String requestExcerpt() {
        return requestExcerpt;
    }

    String responseExcerpt() {
        return responseExcerpt;
    }

    Integer lastStatus() {
        return lastStatus;
    }
}
