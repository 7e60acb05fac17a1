package io.prdtool.testinfra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * A plain HTTP client reading a server-sent-events answer line by line as a browser's fetch reader would: each event
 * with its name, id and data; comments (heartbeats) counted; {@link #close()} hangs up mid-stream.
 */
public final class SseClient implements AutoCloseable {

    public record Event(String name, String id, String data) {

        public JsonPath json() {
            return JsonPath.from(data);
        }
    }

    private final HttpResponse<InputStream> response;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile int comments;
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** POSTs {@code json} to the service under test's {@code path} asking for an event stream. */
    public static SseClient post(String path, String token, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return open(request);
    }

    private static SseClient open(HttpRequest request) {
        try {
            return new SseClient(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs {@code path} of the service under test as an event stream ({@code headers}: name, value, ...). */
    public static SseClient get(String path, String... headers) {
        return getFrom("http://localhost:" + RestAssured.port, path, headers);
    }

    /** GETs {@code path} of the service at {@code baseUrl} as an event stream. */
    public static SseClient getFrom(String baseUrl, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "text/event-stream").GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpRequest request = b.build();
        return open(request);
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name == null ? "message" : name, id, data.toString()));
                    }
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        } catch (IOException e) {
            // closed by us, or the server went away
        } finally {
            ended = true;
        }
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public Optional<Event> first(String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Waits until {@code count} events named {@code name} arrived; returns them. */
    public List<Event> await(String name, int count, Duration timeout) {
        org.awaitility.Awaitility.await().atMost(timeout)
                .until(() -> events.stream().filter(e -> e.name().equals(name)).count() >= count);
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    public Event await(String name, Duration timeout) {
        org.awaitility.Awaitility.await().atMost(timeout).until(() -> first(name).isPresent());
        return first(name).orElseThrow();
    }

    /** Waits for the server to end the stream. */
    public void awaitEnd(Duration timeout) {
        org.awaitility.Awaitility.await().atMost(timeout).until(() -> ended);
    }

    public int comments() {
        return comments;
    }

    /** Hangs up, as a closed browser tab would. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
        reader.interrupt();
    }
}
