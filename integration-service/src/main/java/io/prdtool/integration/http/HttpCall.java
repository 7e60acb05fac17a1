package io.prdtool.integration.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One outbound request for {@link GuardedHttp}: method, absolute URL, headers, body and an optional total timeout
 * (null: the configured default). {@code what} names the call in failure messages, e.g. {@code "Jira create issue"};
 * the URL never appears in them, since webhook URLs carry secrets in their path.
 */
public record HttpCall(String what, String method, String url, Map<String, String> headers, byte[] body,
        Duration timeout) {

    public HttpCall {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static HttpCall get(String what, String url) {
        return new HttpCall(what, "GET", url, Map.of(), null, null);
    }

    public static HttpCall json(String what, String method, String url, String json) {
        return new HttpCall(what, method, url, Map.of("Content-Type", "application/json"),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), null);
    }

    /** This call with one more header (replacing one of the same name). */
    public HttpCall header(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase(name)) {
                next.put(k, v);
            }
        });
        next.put(name, value);
        return new HttpCall(what, method, url, next, body, timeout);
    }

    /** This call with {@code auth}'s {@code Authorization} header. */
    public HttpCall auth(HttpAuth auth) {
        return auth == null ? this : header("Authorization", auth.headerValue());
    }

    public HttpCall timeout(Duration total) {
        return new HttpCall(what, method, url, headers, body, total);
    }

    @Override
    public String toString() {
        // no URL, no headers: both may carry secrets
        return "HttpCall[" + what + ", " + method + ", " + body.length + " bytes]";
    }
}
