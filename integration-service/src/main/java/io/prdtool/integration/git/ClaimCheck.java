package io.prdtool.integration.git;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.integration.IntegrationConfig;
import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.delivery.VersionPayload;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Reads a version's Markdown from prd-service when {@code PrdVersionCreated} did not carry it (over 256 KiB):
 * {@code GET {prd-service-url}/api/v1/service/prds/{prdId}/versions/{version}/content?organizationId=} with the service
 * account's bearer token from {@code prdtool.integration.service-token-file} (read again on every call, so a rotated
 * token is picked up without a restart), and checks the answer against its {@code Content-SHA256} header and the
 * event's {@code contentHash}.
 * <p>
 * prd-service is our own service at an operator-configured address, not a user-supplied URL, so this does not go
 * through the SSRF guard. Failures: not configured → terminal ("version too large; claim-check not configured");
 * 401/403 → retryable (the service account is an operator matter: the organization's git integration is not disabled
 * for it, and the delivery succeeds once the token is fixed, within the retry schedule); 404 → terminal (the PRD or
 * version is gone); 5xx, 429, connection failures and timeouts → retryable; a hash mismatch → retryable (a torn read).
 */
@ApplicationScoped
public class ClaimCheck {

    @Inject
    Vertx vertx;

    @Inject
    IntegrationConfig config;

    private final Duration timeout = Duration.ofSeconds(30);

    private volatile HttpClient client;

    public boolean configured() {
        return config.prdServiceUrl().filter(u -> !u.isBlank()).isPresent()
                && config.serviceTokenFile().filter(f -> !f.isBlank()).isPresent();
    }

    /** The version's Markdown: the one that travelled in the event, else read from prd-service. */
    public Uni<String> markdown(VersionPayload v) {
        return v.inlineMarkdown() != null
                ? Uni.createFrom().item(v.inlineMarkdown())
                : fetch(v.prdId(), v.organizationId(), v.version(), v.contentHash());
    }

    /** The version's Markdown, read from prd-service. */
    public Uni<String> fetch(UUID prdId, UUID organizationId, String version, String contentHash) {
        if (!configured()) {
            return Uni.createFrom().failure(DeliveryException.terminal(
                    "version too large to travel in its event; claim-check not configured"
                            + " (prdtool.integration.prd-service-url, prdtool.integration.service-token-file)"));
        }
        URI base = URI.create(config.prdServiceUrl().get().replaceAll("/+$", ""));
        String path = base.getRawPath() + "/api/v1/service/prds/" + prdId + "/versions/"
                + java.net.URLEncoder.encode(version, StandardCharsets.UTF_8) + "/content?organizationId="
                + organizationId;
        return Uni.createFrom().completionStage(() -> vertx.fileSystem().readFile(config.serviceTokenFile().get())
                .toCompletionStage())
                .onFailure().transform(f -> DeliveryException.retryable(
                        "claim-check: the service token file could not be read", null))
                .chain(token -> Uni.createFrom().completionStage(() -> client().request(new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setAbsoluteURI(base.getScheme() + "://" + base.getHost()
                                + (base.getPort() > 0 ? ":" + base.getPort() : "") + path)
                        .putHeader("Authorization", "Bearer " + token.toString(StandardCharsets.UTF_8).trim())
                        .putHeader("Accept", "text/markdown")
                        .setFollowRedirects(false)
                        .setTimeout(timeout.toMillis()))
                        .compose(req -> req.send().compose(res -> res.body().map(body -> new Answer(res.statusCode(),
                                res.getHeader("Content-SHA256"), body))))
                        .toCompletionStage()))
                .onFailure(f -> !(f instanceof DeliveryException)).transform(f -> DeliveryException.retryable(
                        "claim-check: prd-service could not be reached (" + f.getClass().getSimpleName() + ")",
                        null))
                .map(answer -> answer.markdown(contentHash));
    }

    /**
     * The PRD as prd-service shows it to the caller (title, content, currentVersion), read with the caller's own token
     * (prd-service checks their access): the Jira preview's input. 404 from prd-service → empty.
     */
    public Uni<java.util.Optional<io.vertx.core.json.JsonObject>> prdAsCaller(UUID prdId, String callerToken) {
        if (config.prdServiceUrl().filter(u -> !u.isBlank()).isEmpty()) {
            return Uni.createFrom().failure(new io.prdtool.shared.problem.ProblemException(
                    io.prdtool.shared.problem.ProblemType.UNAVAILABLE,
                    "prd-service is not configured (prdtool.integration.prd-service-url)"));
        }
        URI base = URI.create(config.prdServiceUrl().get().replaceAll("/+$", ""));
        return Uni.createFrom().completionStage(() -> client().request(new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(base.getScheme() + "://" + base.getHost()
                        + (base.getPort() > 0 ? ":" + base.getPort() : "") + base.getRawPath() + "/api/v1/prds/"
                        + prdId)
                .putHeader("Authorization", "Bearer " + callerToken)
                .putHeader("Accept", "application/json")
                .setFollowRedirects(false)
                .setTimeout(timeout.toMillis()))
                .compose(req -> req.send().compose(res -> res.body().map(body -> {
                    if (res.statusCode() == 404 || res.statusCode() == 403) {
                        return java.util.Optional.<io.vertx.core.json.JsonObject>empty();
                    }
                    if (res.statusCode() != 200) {
                        throw new IllegalStateException("prd-service answered " + res.statusCode());
                    }
                    return java.util.Optional.of(body.toJsonObject());
                })))
                .toCompletionStage())
                .onFailure(f -> !(f instanceof io.prdtool.shared.problem.ProblemException))
                .transform(f -> new io.prdtool.shared.problem.ProblemException(
                        io.prdtool.shared.problem.ProblemType.UNAVAILABLE, "prd-service could not be read"));
    }

    private record Answer(int status, String header, Buffer body) {

        String markdown(String expected) {
            if (status == 401 || status == 403) {
                throw new DeliveryException(DeliveryException.Kind.RETRYABLE, "claim-check: prd-service refused the"
                        + " service token (HTTP " + status + "); check prdtool.integration.service-token-file",
                        status, null, null, null);
            }
            if (status == 404) {
                throw new DeliveryException(DeliveryException.Kind.TERMINAL,
                        "claim-check: the PRD or version no longer exists in prd-service", status, null, null, null);
            }
            if (status < 200 || status >= 300) {
                throw DeliveryException.fromHttp("claim-check: prd-service", status, null, null, false);
            }
            String text = body.toString(StandardCharsets.UTF_8);
            String actual = sha256(text);
            if ((header != null && !header.trim().equalsIgnoreCase(actual))
                    || (expected != null && !expected.isBlank() && !expected.trim().equalsIgnoreCase(actual))) {
                throw DeliveryException.retryable("claim-check: the content read does not match its Content-SHA256",
                        null);
            }
            return text;
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000)
                            .setMaxPoolSize(4));
                }
                c = client;
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
