package io.prdtool.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The local stack's webhook receiver: a target for integration-service's signed webhooks on this machine. Every
 * request to {@code http://localhost:<port>/...} is answered 204 and written as received (request line, headers,
 * blank line, body) to {@code <data dir>/webhooks/<time>-<n>.http}, so a newcomer can configure a webhook
 * integration for the demo organization and read what arrives (and check its {@code webhook-signature}).
 */
final class WebhookSink implements AutoCloseable {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final HttpServer server;
    private final Path directory;
    private final AtomicInteger count = new AtomicInteger();

    private WebhookSink(HttpServer server, Path directory) {
        this.server = server;
        this.directory = directory;
    }

    static WebhookSink start(Path directory, int port) throws IOException {
        Files.createDirectories(directory);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        WebhookSink sink = new WebhookSink(server, directory);
        server.createContext("/", sink::receive);
        server.start();
        return sink;
    }

    Path directory() {
        return directory;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(4 * 1024 * 1024);
            StringBuilder text = new StringBuilder()
                    .append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI()).append('\n');
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                for (String v : h.getValue()) {
                    text.append(h.getKey().toLowerCase(java.util.Locale.ROOT)).append(": ").append(v).append('\n');
                }
            }
            text.append('\n').append(new String(body, StandardCharsets.UTF_8)).append('\n');
            Path file = directory.resolve(LocalDateTime.now().format(FILE_TIME) + "-" + count.incrementAndGet()
                    + ".http");
            Files.writeString(file, text);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
