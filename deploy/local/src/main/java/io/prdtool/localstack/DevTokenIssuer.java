package io.prdtool.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.prdtool.testinfra.JwtKeys;
import io.prdtool.testinfra.Tokens;

/**
 * The local stack's stand-in identity provider: mints RS256 tokens for demo users with the key pair kept in the data
 * directory. Listens on loopback only and exists only inside the local-stack launcher, so no service profile can
 * ever enable it.
 */
final class DevTokenIssuer {

    private final Tokens tokens;
    private final HttpServer server;

    private DevTokenIssuer(Tokens tokens, HttpServer server) {
        this.tokens = tokens;
        this.server = server;
    }

    static DevTokenIssuer start(JwtKeys keys, String issuer, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        DevTokenIssuer dev = new DevTokenIssuer(new Tokens(keys, issuer), server);
        server.createContext("/dev/token", dev::handle);
        server.start();
        return dev;
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** A token for a demo user handle (alice, bob, carol, or any other handle). */
    String mint(String handle, Duration lifetime) {
        return tokens.token(subject(handle), email(handle), displayName(handle), Set.of(), lifetime);
    }

    static String subject(String handle) {
        return "dev|" + handle;
    }

    static String email(String handle) {
        return handle + "@acme.example";
    }

    static String displayName(String handle) {
        return Character.toUpperCase(handle.charAt(0)) + handle.substring(1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        String user = query.getOrDefault("user", "");
        int status;
        String body;
        if (!user.matches("[a-z][a-z0-9-]{0,30}")) {
            status = 400;
            body = "{\"type\":\"https://prdtool.dev/problems/validation\",\"title\":\"Validation failed\","
                    + "\"status\":400,\"detail\":\"user must be a lower-case handle such as alice\"}";
        } else {
            long ttl = Math.min(Long.parseLong(query.getOrDefault("ttl", "43200").replaceAll("\\D", "0")), 86400);
            status = 200;
            body = mint(user, Duration.ofSeconds(Math.max(ttl, 60)));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type",
                status == 200 ? "text/plain; charset=utf-8" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> parse(String raw) {
        Map<String, String> map = new HashMap<>();
        if (raw == null) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    void stop() {
        server.stop(0);
    }
}
