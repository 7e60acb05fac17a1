package io.prdtool.integration.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.prdtool.integration.http.GuardedHttp;

/**
 * Makes request and response excerpts safe to store and show: credentials replaced by {@code ***} wherever they
 * appear (a token in a body, a webhook URL's key in a path), credential-bearing headers masked, query values masked
 * (Teams' {@code sig=}), everything cut to 2,000 characters.
 */
public final class Redaction {

    public static final int MAX = 2000;
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-api-key", "api-key", "token", "private-token");

    private final List<String> sensitive = new ArrayList<>();

    /** Redacts {@code secrets} (credentials in clear) and, for URL credentials, their path and query. */
    public Redaction(Collection<String> secrets) {
        for (String s : secrets) {
            if (s == null || s.length() < 4) {
                continue;
            }
            sensitive.add(s);
            if (s.startsWith("http")) {
                try {
                    URI u = URI.create(s.trim());
                    if (u.getRawPath() != null && u.getRawPath().length() > 1) {
                        sensitive.add(u.getRawPath());
                    }
                    if (u.getRawQuery() != null) {
                        sensitive.add(u.getRawQuery());
                    }
                } catch (IllegalArgumentException ignored) {
                    // not a URL after all: the whole value is redacted already
                }
            }
        }
        sensitive.sort((a, b) -> b.length() - a.length());
    }

    public String text(String s) {
        if (s == null) {
            return null;
        }
        String out = s;
        for (String secret : sensitive) {
            out = out.replace(secret, "***");
        }
        return cut(out);
    }

    /** The URL without query values and without any credential in its path. */
    public String url(URI url) {
        StringBuilder sb = new StringBuilder().append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() > 0) {
            sb.append(':').append(url.getPort());
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        for (String secret : sensitive) {
            path = path.replace(secret, "/***");
        }
        sb.append(path);
        if (url.getRawQuery() != null) {
            sb.append('?');
            String[] pairs = url.getRawQuery().split("&");
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                sb.append(i == 0 ? "" : "&").append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq) + "=***");
            }
        }
        return sb.toString();
    }

    public String request(GuardedHttp.HttpCall call) {
        StringBuilder sb = new StringBuilder(call.method()).append(' ').append(url(call.url())).append('\n');
        headers(sb, call.headers());
        sb.append('\n').append(new String(call.body(), StandardCharsets.UTF_8));
        return text(sb.toString());
    }

    public String answer(GuardedHttp.HttpAnswer answer) {
        StringBuilder sb = new StringBuilder("HTTP ").append(answer.status()).append('\n');
        headers(sb, answer.headers());
        sb.append('\n').append(answer.text());
        return text(sb.toString());
    }

    private static void headers(StringBuilder sb, Map<String, String> headers) {
        new TreeMap<>(headers).forEach((k, v) -> sb.append(k).append(": ")
                .append(SECRET_HEADERS.contains(k.toLowerCase(Locale.ROOT)) ? "***" : v).append('\n'));
    }

    public static String cut(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= MAX ? s : s.substring(0, MAX) + "…";
    }
}
