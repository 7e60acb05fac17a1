package io.prdtool.integration.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.shared.net.OutboundUrlGuard;
import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
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

/**
 * The one way integration-service calls a URL that came from a user (a Jira or Confluence site, a chat webhook, an
 * outgoing webhook). Every call:
 * <ul>
 * <li>checks the URL ({@link OutboundUrlGuard#requireValidUrl}: http(s) only, no credentials) and resolves the host
 * right before connecting, refusing private, loopback and link-local addresses unless
 * {@code prdtool.integration.allow-private-targets};</li>
 * <li>connects to the address that was checked, while the {@code Host} header and TLS SNI stay the URL's host name, so
 * a DNS answer that changes after the check (rebinding) cannot redirect the call;</li>
 * <li>never follows a redirect: a 3xx answer is a terminal {@link DeliveryException};</li>
 * <li>has a connect timeout and a total timeout (the whole answer must arrive in time), and a bound on the answer's
 * size.</li>
 * </ul>
 * Failures are {@link DeliveryException}s: unresolvable host, connect errors, resets and timeouts are
 * {@link DeliveryException.Kind#RETRYABLE} (a timeout may come after the target applied a write: callers of
 * non-idempotent calls look before they retry); a refused URL is terminal. Any other status is returned as an
 * {@link HttpResult} for the adapter to interpret; {@link #failure} turns one into the exception.
 * <p>
 * {@link #sendRaw} is the variant the chat and webhook deliverers use through {@link GuardedHttp}: a 3xx comes back as
 * an answer (they name the redirect in the attempt log) and an answer over the limit is cut at it instead of failing.
 * <p>
 * Nothing here logs a header or a body. Callbacks run on the caller's Vert.x context when there is one.
 */
public final class HttpTransport implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HttpTransport.class);

    /** Excerpts of answers kept in exceptions. */
    private static final int EXCERPT = 2000;

    /**
     * Settings: whether private targets are allowed (self-hosted Jira/Confluence, tests), the connect timeout, the
     * default total timeout, the largest answer read, and the operator's host names that may resolve to private
     * addresses (and be called over plain http) even when private targets are not allowed in general.
     */
    public record Settings(boolean allowPrivateTargets, Duration connectTimeout, Duration defaultTimeout,
            int maxResponseBytes, Set<String> privateHostsAllowed) {

        public Settings {
            privateHostsAllowed = privateHostsAllowed == null
                    ? Set.of()
                    : privateHostsAllowed.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                            .collect(Collectors.toUnmodifiableSet());
        }

        public Settings(boolean allowPrivateTargets, Duration connectTimeout, Duration defaultTimeout,
                int maxResponseBytes) {
            this(allowPrivateTargets, connectTimeout, defaultTimeout, maxResponseBytes, Set.of());
        }

        public static Settings defaults() {
            return new Settings(false, Duration.ofSeconds(5), Duration.ofSeconds(30), 8 * 1024 * 1024);
        }

        /** Whether {@code host} may resolve to a private address (and be called over http). */
        public boolean privateAllowed(String host) {
            return allowPrivateTargets
                    || (host != null && privateHostsAllowed.contains(host.toLowerCase(Locale.ROOT)));
        }
    }

    private final Vertx vertx;
    private final Settings settings;
    private final HttpClient client;

    public HttpTransport(Vertx vertx, Settings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setDecompressionSupported(true)
                .setMaxPoolSize(64));
    }

    public HttpTransport(io.vertx.mutiny.core.Vertx vertx, Settings settings) {
        this(vertx.getDelegate(), settings);
    }

    public Settings settings() {
        return settings;
    }

    /** Sends {@code call}; the answer whatever its status, except 3xx (a failure) and transport failures. */
    public Uni<HttpResult> send(HttpCall call) {
        return send(call, false);
    }

    /**
     * Like {@link #send}, but a 3xx comes back as an answer (still never followed) and an answer over the limit is cut
     * at it (the rest is not read).
     */
    public Uni<HttpResult> sendRaw(HttpCall call) {
        return send(call, true);
    }

    private Uni<HttpResult> send(HttpCall call, boolean raw) {
        return Uni.createFrom().emitter(emitter -> {
            Exchange exchange = new Exchange(call, raw, emitter);
            emitter.onTermination(exchange::terminated);
            Context context = Vertx.currentContext();
            if (context != null) {
                context.runOnContext(v -> exchange.start());
            } else {
                vertx.runOnContext(v -> exchange.start());
            }
        });
    }

    /**
     * The {@link DeliveryException} for an answer that is not a success: classified by status (Retry-After honoured),
     * with an excerpt of the body in which each of {@code secrets} is replaced by {@code ****}.
     * {@code targetGoneOn404}: a 404 means the target itself is gone (a deleted webhook) rather than one missing item.
     */
    public static DeliveryException failure(HttpCall call, HttpResult result, boolean targetGoneOn404,
            String... secrets) {
        return DeliveryException.fromHttp(call.what(), result.status(), result.header("Retry-After"),
                redact(result.bodyText(), secrets), targetGoneOn404);
    }

    /** At most 2,000 characters of {@code text} with each secret replaced by {@code ****}. */
    public static String redact(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String out = text.length() > EXCERPT * 2 ? text.substring(0, EXCERPT * 2) : text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, "****");
            }
        }
        return out.length() > EXCERPT ? out.substring(0, EXCERPT) : out;
    }

    @Override
    public void close() {
        client.close();
    }

    /** One call and its answer. Every callback runs on one Vert.x context. */
    private final class Exchange {

        private final HttpCall call;
        private final boolean raw;
        private boolean allowPrivate;
        private final UniEmitter<? super HttpResult> emitter;
        private HttpClientRequest request;
        private long timer = -1;
        private boolean done;

        Exchange(HttpCall call, boolean raw, UniEmitter<? super HttpResult> emitter) {
            this.call = call;
            this.raw = raw;
            this.emitter = emitter;
        }

        void start() {
            URI uri;
            try {
                URI parsed = call.url() == null ? null : URI.create(call.url());
                allowPrivate = parsed != null && settings.privateAllowed(parsed.getHost());
            } catch (IllegalArgumentException e) {
                allowPrivate = false;
            }
            try {
                uri = OutboundUrlGuard.requireValidUrl(call.url(), call.what() + " URL", allowPrivate);
            } catch (ProblemException e) {
                fail(DeliveryException.terminal(call.what() + ": " + e.getMessage()));
                return;
            }
            Duration total = call.timeout() != null ? call.timeout() : settings.defaultTimeout();
            timer = vertx.setTimer(Math.max(1, total.toMillis()), id -> fail(DeliveryException.retryable(
                    call.what() + " got no complete answer within " + total.toMillis()
                            + " ms (the target may have applied the request)",
                    null)));
            String host = uri.getHost();
            vertx.<InetAddress>executeBlocking(() -> resolve(host), false).onComplete(ar -> {
                if (ar.failed()) {
                    Throwable f = ar.cause();
                    fail(f instanceof DeliveryException d
                            ? d
                            : DeliveryException.retryable(call.what() + ": resolving the host failed", f));
                } else {
                    connect(uri, ar.result());
                }
            });
        }

        private InetAddress resolve(String host) {
            try {
                // a DNS failure may pass; a private address will not
                InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            } catch (UnknownHostException e) {
                throw DeliveryException.retryable(call.what() + ": host " + host + " could not be resolved", null);
            }
            try {
                return OutboundUrlGuard.resolve(host, call.what() + " URL", allowPrivate).get(0);
            } catch (ProblemException e) {
                throw DeliveryException.terminal(call.what() + ": " + e.getMessage());
            }
        }

        private void connect(URI uri, InetAddress pinned) {
            if (done) {
                return;
            }
            boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.valueOf(call.method()))
                    .setHost(uri.getHost())
                    .setPort(port)
                    .setSsl(ssl)
                    .setURI(path)
                    .setFollowRedirects(false)
                    // connect to the address the guard checked; Host header and TLS name stay the URL's host
                    .setServer(SocketAddress.inetSocketAddress(port, pinned.getHostAddress()));
            call.headers().forEach(options::putHeader);
            client.request(options).onComplete(ar -> {
                if (ar.failed()) {
                    fail(DeliveryException.retryable(call.what() + ": connecting failed (" + safe(ar.cause()) + ")",
                            null));
                    return;
                }
                request = ar.result();
                if (done) {
                    request.reset();
                    return;
                }
                request.exceptionHandler(this::transportFailure);
                request.send(Buffer.buffer(call.body())).onComplete(sent -> {
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
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
                if (done) {
                    return;
                }
                if (body.length() + chunk.length() > settings.maxResponseBytes()) {
                    if (raw) {
                        int room = settings.maxResponseBytes() - body.length();
                        if (room > 0) {
                            body.appendBuffer(chunk.getBuffer(0, room));
                        }
                        return;
                    }
                    fail(DeliveryException.terminal(
                            call.what() + " answered more than " + settings.maxResponseBytes() + " bytes"));
                    return;
                }
                body.appendBuffer(chunk);
            });
            response.endHandler(v -> {
                if (done) {
                    return;
                }
                int status = response.statusCode();
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (String name : response.headers().names()) {
                    headers.put(name, new ArrayList<>(response.headers().getAll(name)));
                }
                HttpResult result = new HttpResult(status, headers, body.getBytes());
                if (status >= 300 && status < 400 && !raw) {
                    fail(DeliveryException.fromHttp(call.what() + " (redirects are not followed)", status, null,
                            redact(result.bodyText()), false));
                } else {
                    succeed(result);
                }
            });
        }

        private void transportFailure(Throwable failure) {
            fail(DeliveryException.retryable(call.what() + ": the connection failed (" + safe(failure)
                    + "; the target may have applied the request)", null));
        }

        private void succeed(HttpResult result) {
            if (done) {
                return;
            }
            done = true;
            cancelTimer();
            emitter.complete(result);
        }

        private void fail(DeliveryException failure) {
            if (done) {
                return;
            }
            done = true;
            cancelTimer();
            if (request != null) {
                request.reset();
            }
            emitter.fail(failure);
        }

        void terminated() {
            if (!done) {
                done = true;
                cancelTimer();
                if (request != null) {
                    request.reset();
                }
            }
        }

        private void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
    }

    private static String safe(Throwable failure) {
        LOG.debugf("outbound call failed: %s", failure.getClass().getName());
        String message = failure.getMessage();
        String text = message == null ? failure.getClass().getSimpleName() : message;
        return text.length() > 200 ? text.substring(0, 200) : text;
    }
}
