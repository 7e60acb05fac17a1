package io.prdtool.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.prdtool.ai.support.Fixture;
import io.prdtool.ai.support.Services;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.OpenAiStandIn;
import io.prdtool.testinfra.OpenAiStandIn.Scenario;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * What ai-service adds to a streamed answer, measured side by side with the same stand-in answering directly, in the
 * same run: time to first token and total time of one stream at a time, then of many concurrent streams. The
 * stand-in streams {@value #CHUNKS} chunks {@value #CHUNK_DELAY_MS} ms apart after a first byte of
 * {@value #FIRST_BYTE_MS} ms, like a fast hosted model. Run on request:
 * {@code ./mvnw -pl ai-service test -Dbench.excluded=none -Dgroups=benchmark -Dtest=StreamingBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; results in {@code target/streaming-benchmark.txt}.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(StreamingBenchmark.Profile.class)
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class StreamingBenchmark {

    static final int CHUNKS = 60;
    static final int CHUNK_DELAY_MS = 10;
    static final int FIRST_BYTE_MS = 150;
    private static final int SEQUENTIAL = Integer.getInteger("bench.sequential", 30);
    private static final List<Integer> CONCURRENCY = List.of(10, 50, 100);

    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("prdtool.ai.provider.base-url", Services.standIn().baseUrl(),
                    "prdtool.ai.provider.model", "bench-model",
                    "prdtool.ai.limits.requests-per-minute", "100000",
                    "prdtool.ai.limits.concurrent-streams", "10",
                    "prdtool.ai.budget.free", "1000000000000",
                    "quarkus.log.category.\"io.prdtool\".level", "WARN");
        }
    }

    /** One stream as a client sees it: until its first event, its first token, its end. */
    record Timing(double firstEventMs, double ttftMs, double totalMs) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final StringBuilder report = new StringBuilder();

    @Test
    void overheadOfAStreamedAnswer() throws Exception {
        OpenAiStandIn standIn = Services.standIn();
        standIn.reset();
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            chunks.add("word" + i + " ");
        }
        standIn.defaultScenario(Scenario.reply(String.join("", chunks)).chunks(chunks).usage(200, CHUNKS)
                .firstByteDelay(Duration.ofMillis(FIRST_BYTE_MS)).chunkDelay(Duration.ofMillis(CHUNK_DELAY_MS)));
        Fixture.Tenant t = Fixture.tenant();
        String body = "{\"selection\":{\"text\":\"More orders.\"}}";
        String direct = "{\"model\":\"bench-model\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":\"More orders.\"}]}";
        // one stream per user and PRD, as many as streams at once: a user's own calls queue on their limits, and
        // one document's reads on its collab-service queue
        List<Fixture.User> users = new ArrayList<>();
        List<UUID> prds = new ArrayList<>();
        for (int i = 0; i < CONCURRENCY.get(CONCURRENCY.size() - 1); i++) {
            users.add(t.newMember());
            prds.add(t.prd("Bench " + i, "# Bench " + i + "\n\n## Goals\n\nMore orders.\n"));
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Callable<Timing> viaService = () -> {
            int n = Math.floorMod(next.getAndIncrement(), users.size());
            return stream(URI.create("http://localhost:" + RestAssured.port + "/api/v1/prds/" + prds.get(n)
                    + "/ai/actions/expand/stream"), users.get(n).token(), body,
                    line -> line.startsWith("event:") && line.substring(6).strip().equals("delta"),
                    line -> line.startsWith("event:") && line.substring(6).strip().equals("done"));
        };
        Callable<Timing> directly = () -> stream(URI.create(standIn.baseUrl() + "/chat/completions"), null, direct,
                line -> line.contains("\"content\":\"word"), line -> line.startsWith("data: [DONE]"));

        for (int i = 0; i < 5; i++) { // warm-up of both paths
            viaService.call();
            directly.call();
        }
        line("machine: %d cores; stand-in: first byte %d ms, %d chunks %d ms apart", Runtime.getRuntime()
                .availableProcessors(), FIRST_BYTE_MS, CHUNKS, CHUNK_DELAY_MS);
        List<Timing> a = new ArrayList<>();
        List<Timing> b = new ArrayList<>();
        for (int i = 0; i < SEQUENTIAL; i++) { // interleaved, so both see the same machine
            b.add(directly.call());
            a.add(viaService.call());
        }
        compare("one stream at a time (" + SEQUENTIAL + " each)", b, a);
        for (int n : CONCURRENCY) {
            List<Timing> d = concurrent(n, directly);
            List<Timing> s = concurrent(n, viaService);
            compare(n + " concurrent streams", d, s);
        }
        Path out = Path.of("target", "streaming-benchmark.txt");
        Files.writeString(out, report);
        System.out.println(report);
        assertThat(a).hasSize(SEQUENTIAL);
    }

    private List<Timing> concurrent(int n, Callable<Timing> one) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Timing>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(one));
            }
            List<Timing> out = new ArrayList<>();
            for (Future<Timing> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Timing stream(URI uri, String token, String json, java.util.function.Predicate<String> firstToken,
            java.util.function.Predicate<String> end) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> res = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (res.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + res.statusCode());
        }
        long firstEvent = -1;
        long first = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (firstEvent < 0 && !line.isBlank() && !line.startsWith(":")) {
                    firstEvent = System.nanoTime();
                }
                if (first < 0 && firstToken.test(line)) {
                    first = System.nanoTime();
                }
                if (end.test(line)) {
                    break;
                }
            }
        }
        long done = System.nanoTime();
        if (first < 0) {
            throw new IllegalStateException(uri + " sent no token");
        }
        return new Timing((firstEvent - start) / 1e6, (first - start) / 1e6, (done - start) / 1e6);
    }

    private void compare(String title, List<Timing> direct, List<Timing> service) {
        line("%s", title);
        line("  %-22s %9s %9s   %9s %9s %9s   %9s %9s %9s", "", "1st p50", "p99", "ttft p50", "p99", "max",
                "total p50", "p99", "max");
        row("directly (stand-in)", direct);
        row("through ai-service", service);
        line("  added by ai-service:  ttft p50 %+.1f ms, p99 %+.1f ms; total p50 %+.1f ms, p99 %+.1f ms",
                pct(service, 1, 50) - pct(direct, 1, 50), pct(service, 1, 99) - pct(direct, 1, 99),
                pct(service, 2, 50) - pct(direct, 2, 50), pct(service, 2, 99) - pct(direct, 2, 99));
    }

    private void row(String name, List<Timing> t) {
        line("  %-22s %9.1f %9.1f   %9.1f %9.1f %9.1f   %9.1f %9.1f %9.1f", name, pct(t, 0, 50), pct(t, 0, 99),
                pct(t, 1, 50), pct(t, 1, 99), pct(t, 1, 100), pct(t, 2, 50), pct(t, 2, 99), pct(t, 2, 100));
    }

    /** {@code which}: 0 first event, 1 first token, 2 total. */
    private static double pct(List<Timing> timings, int which, int p) {
        List<Double> v = new ArrayList<>();
        timings.forEach(t -> v.add(which == 0 ? t.firstEventMs() : which == 1 ? t.ttftMs() : t.totalMs()));
        Collections.sort(v);
        int i = (int) Math.ceil(p / 100.0 * v.size()) - 1;
        return v.get(Math.max(0, Math.min(v.size() - 1, i)));
    }

    private void line(String format, Object... args) {
        report.append(String.format(format, args)).append('\n');
    }
}
