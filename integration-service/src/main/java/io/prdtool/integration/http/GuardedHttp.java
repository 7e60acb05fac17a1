package io.prdtool.integration.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.integration.IntegrationConfig;
import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.shared.net.OutboundUrlGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * The one HTTP client every target adapter uses for a user-supplied URL. On every call it resolves the host and refuses
 * private, loopback and link-local addresses (unless {@code prdtool.integration.allow-private-targets} or the host is in
 * the operator's {@code private-hosts-allowed}), refuses plain http to public hosts, then connects to the address it
 * checked (Host header and TLS name stay the URL's host, so a DNS answer that changes in between cannot redirect the
 * call). Redirects are never followed: a 3xx comes back as an answer for the adapter to treat as a failure. Connect
 * errors, DNS failures and timeouts fail with {@link DeliveryException#retryable}; a refused address with
 * {@link DeliveryException#terminal}.
 */
@ApplicationScoped
public class GuardedHttp {

    /** One request; {@code headers} and {@code body} may be empty; {@code timeout} null means the default bound. */
    public record HttpCall(String method, URI url, Map<String, String> headers, byte[] body, Duration timeout) {

        public HttpCall {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }

        public static HttpCall get(URI url, Map<String, String> headers) {
            return new HttpCall("GET", url, headers, null, null);
        }

        public static HttpCall postJson(URI url, Map<String, String> headers, String json) {
            Map<String, String> h = new HashMap<>(headers);
            h.putIfAbsent("Content-Type", "application/json; charset=utf-8");
            return new HttpCall("POST", url, h, json.getBytes(StandardCharsets.UTF_8), null);
        }

        public HttpCall withTimeout(Duration t) {
            return new HttpCall(method, url, headers, body, t);
        }

        /** Never prints headers or the URL's query (either may hold a credential). */
        @Override
        public String toString() {
            return "HttpCall[" + method + " " + url.getScheme() + "://" + url.getHost() + url.getRawPath() + "]";
        }
    }

    /** The answer: status, headers with lower-case names, and the body (cut at the configured maximum). */
    public record HttpAnswer(int status, Map<String, String> headers, byte[] body) {

        public HttpAnswer {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean successful() {
            return status >= 200 && status < 300;
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    IntegrationConfig config;

    private volatile HttpClient client;

    public Uni<HttpAnswer> send(HttpCall call) {
        URI url = call.url();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost();
        if (host == null || host.isBlank() || url.getRawUserInfo() != null) {
            return Uni.createFrom().failure(DeliveryException.terminal("the target URL is not valid"));
        }
        boolean privateOk = privateAllowed(host);
        if (!scheme.equals("https") && !(scheme.equals("http") && privateOk)) {
            return Uni.createFrom().failure(DeliveryException.terminal("the target URL must be https"));
        }
        Duration timeout = call.timeout() == null ? config.http().timeout() : call.timeout();
        return Uni.createFrom()
                .<InetAddress>emitter(em -> vertx.<InetAddress>executeBlocking(() -> pick(host, privateOk),
                        false).onComplete(ar -> {
                            if (ar.succeeded()) {
                                em.complete(ar.result());
                            } else {
                                em.fail(ar.cause());
                            }
                        }))
                .chain(address -> exchange(call, scheme.equals("https"), address, timeout));
    }

    /** Whether {@code host} may resolve to a private address (and be called over http). */
    public boolean privateAllowed(String host) {
        if (config.allowPrivateTargets()) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return config.privateHostsAllowed().orElse(List.of()).stream()
                .anyMatch(allowed -> allowed.trim().toLowerCase(Locale.ROOT).equals(h));
    }

    private static InetAddress pick(String host, boolean privateOk) {
        InetAddress[] addresses;
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw DeliveryException.retryable("the target host could not be resolved", null);
        }
        if (!privateOk) {
            for (InetAddress a : addresses) {
                if (OutboundUrlGuard.isNonPublic(a)) {
                    throw DeliveryException.terminal(
                            "the target resolves to a private, loopback or link-local address, which is not called");
                }
            }
        }
        return addresses[0];
    }

    private Uni<HttpAnswer> exchange(HttpCall call, boolean ssl, InetAddress address, Duration timeout) {
        URI url = call.url();
        int port = url.getPort() > 0 ? url.getPort() : (ssl ? 443 : 80);
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(call.method().toUpperCase(Locale.ROOT)))
                .setHost(url.getHost())
                .setPort(port)
                .setSsl(ssl)
                .setURI(path)
                .setFollowRedirects(false)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()));
        call.headers().forEach(options::putHeader);
        int max = config.http().maxResponseBytes();
        HttpClientRequest[] pending = new HttpClientRequest[1];
        return Uni.createFrom().<HttpAnswer>emitter(em -> client().request(options).onComplete(ar -> {
            if (ar.failed()) {
                em.fail(DeliveryException.retryable("the target could not be reached (" + safe(ar.cause()) + ")",
                        null));
                return;
            }
            HttpClientRequest request = ar.result();
            pending[0] = request;
            request.exceptionHandler(e -> em.fail(DeliveryException.retryable(
                    "the connection to the target failed (" + safe(e) + ")", null)));
            request.send(Buffer.buffer(call.body())).onComplete(sent -> {
                if (sent.failed()) {
                    em.fail(DeliveryException.retryable("the target did not answer (" + safe(sent.cause()) + ")",
                            null));
                    return;
                }
                var response = sent.result();
                Buffer body = Buffer.buffer();
                response.handler(chunk -> {
                    int room = max - body.length();
                    if (room > 0) {
                        body.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
                    }
                });
                response.exceptionHandler(e -> em.fail(DeliveryException.retryable(
                        "the target's answer broke off (" + safe(e) + ")", null)));
                response.endHandler(v -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    response.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT),
                            h.getValue(), (a, b) -> a + ", " + b));
                    em.complete(new HttpAnswer(response.statusCode(), headers, body.getBytes()));
                });
            });
        }))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException())
                .onFailure(TimeoutException.class).transform(t -> {
                    HttpClientRequest r = pending[0];
                    if (r != null) {
                        r.reset();
                    }
                    return DeliveryException.retryable("the target did not answer within " + timeout.toMillis()
                            + " ms", null);
                });
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions()
                            .setConnectTimeout((int) config.http().connectTimeout().toMillis())
                            .setKeepAlive(true)
                            .setMaxPoolSize(64)
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

    /** A failure's class only: messages of connect errors may carry the URL, and so a credential. */
    private static String safe(Throwable t) {
        return t == null ? "unknown" : t.getClass().getSimpleName();
    }
}
