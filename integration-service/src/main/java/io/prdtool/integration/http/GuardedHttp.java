package io.prdtool.integration.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.integration.delivery.DeliveryException;
import io.smallrye.mutiny.Uni;

/**
 * The chat and webhook deliverers' view of {@link HttpTransport} (which holds the one implementation of the guarded
 * call: URL check, resolve and refuse private addresses unless allowed, connect to the checked address, no redirects,
 * timeouts, bounded answers). Here a 3xx is an answer for the adapter to treat as a failure, and an answer over the
 * limit is cut rather than failed ({@link HttpTransport#sendRaw}). Failures are {@link DeliveryException}s: retryable
 * for DNS, connect errors and timeouts, terminal for a refused URL or address.
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
    HttpTransport transport;

    public Uni<HttpAnswer> send(HttpCall call) {
        io.prdtool.integration.http.HttpCall raw = new io.prdtool.integration.http.HttpCall("the target",
                call.method().toUpperCase(Locale.ROOT), call.url().toString(), call.headers(), call.body(),
                call.timeout());
        return transport.sendRaw(raw).map(result -> {
            Map<String, String> headers = new LinkedHashMap<>();
            result.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    String.join(", ", values)));
            return new HttpAnswer(result.status(), headers, result.body());
        });
    }

    /** Whether {@code host} may resolve to a private address (and be called over http). */
    public boolean privateAllowed(String host) {
        return transport.settings().privateAllowed(host);
    }
}
