package io.prdtool.collab.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * prd-service as collab-service asks it about PRDs its access projection has not seen yet: {@code GET
 * /api/v1/prds/{id}} answers 200 to the users a test {@link #allow allowed} (by the token's {@code sub}) and 404 to
 * everyone else, as prd-service does for members and non-members. Global (like every test resource), so every test
 * profile points {@code prdtool.collab.access.prd-service-url} here.
 */
public class FakePrdService implements QuarkusTestResourceLifecycleManager {

    private static final Pattern PATH = Pattern.compile("/api/v1/prds/([0-9a-fA-F-]{36})");
    private static final Pattern SUB = Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"");
    private static final Set<String> READABLE = ConcurrentHashMap.newKeySet();
    private static HttpServer server;

    /** prd-service lets {@code subject} read {@code prdId} from now on. */
    public static void allow(UUID prdId, String subject) {
        READABLE.add(prdId + "/" + subject);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/v1/prds/", exchange -> {
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            String subject = subject(exchange.getRequestHeaders().getFirst("Authorization"));
            boolean readable = path.matches() && subject != null && READABLE.contains(path.group(1) + "/" + subject);
            byte[] body = (readable ? "{\"id\":\"" + path.group(1) + "\"}" : "{\"status\":404}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(readable ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("prdtool.collab.access.prd-service-url",
                "http://localhost:" + server.getAddress().getPort());
    }

    /** The token's subject, read without verification (collab-service verified it before asking). */
    private static String subject(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length < 2) {
            return null;
        }
        Matcher m = SUB.matcher(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
