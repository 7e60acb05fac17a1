package io.prdtool.integration.bench;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.resolver.FileResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.prdtool.integration.delivery.Dispatcher;
import io.prdtool.integration.support.Events;
import io.prdtool.integration.support.Fixture;
import io.prdtool.integration.support.Fixture.Tenant;
import io.prdtool.integration.support.Services;
import io.prdtool.integration.support.StandIn;
import io.prdtool.integration.support.StandIn.Received;
import io.prdtool.integration.support.StandIn.Reply;
import io.prdtool.shared.events.Topics;
import io.prdtool.shared.events.prd.PrdVersionCreated;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * integration-service on this machine, on the real embedded PostgreSQL and Kafka broker, prd-service as a process, the
 * test {@link StandIn} as webhook receiver and a JGit daemon on 127.0.0.1 as git remote. Not a pass/fail test: it
 * reports numbers to stdout and {@code target/benchmark.txt} and fails only if something never completes. Run:
 * {@code integration-service/bench/run.sh}. Every delivery is recorded by a {@code PrdVersionCreated} published to
 * Kafka as prd-service's relay does (routing included); the test profile's timeouts and retry schedule apply.
 * <ol>
 * <li>deliveries/s: the deliveries are recorded while their integrations' circuit is held open (SQL), then released
 * at once, so the time measured is the dispatcher's alone (claim, signed POST, outcome transaction);</li>
 * <li>lag from {@code PrdVersionCreated} (published) to {@code PrdVersionCommitted} (the record's Kafka timestamp);</li>
 * <li>100 webhooks, one on a receiver that accepts connections and never answers: lag of the other 99 without and
 * with it.</li>
 * </ol>
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntegrationBenchmarkTest {

    static final int DELIVERIES = Integer.getInteger("bench.deliveries", 2000);
    static final int HOOKS = Integer.getInteger("bench.hooks", 20);
    static final int SINGLE_TARGET = Integer.getInteger("bench.single.deliveries", 200);
    static final int GIT_PRDS = Integer.getInteger("bench.git.prds", 5);
    static final int GIT_VERSIONS = Integer.getInteger("bench.git.versions", 50);
    static final long GIT_EVERY_MS = Long.getLong("bench.git.every-ms", 200);
    static final int FANOUT_HOOKS = Integer.getInteger("bench.fanout.hooks", 100);
    static final int FANOUT_EVENTS = Integer.getInteger("bench.fanout.events", 30);
    static final long FANOUT_EVERY_MS = Long.getLong("bench.fanout.every-ms", 1000);
    static final int BACKLOG = Integer.getInteger("bench.backlog", 40);
    /** Nothing is timed against this; it only ends a run that would otherwise never finish. */
    static final Duration NEVER = Duration.ofMinutes(10);

    private static final List<String> LINES = new CopyOnWriteArrayList<>();
    private static Tenant tenant;

    @Inject
    Dispatcher dispatcher;

    static synchronized Tenant tenant() {
        if (tenant == null) {
            tenant = Fixture.tenant();
            report("integration benchmark  (cores: " + Runtime.getRuntime().availableProcessors() + ", load average at"
                    + " start: " + loadAverage() + ")");
        }
        return tenant;
    }

    static StandIn standIn() {
        return Services.standIn();
    }

    // ------------------------------------------------------------------------------------------------ 1. throughput

    @Test
    @Order(1)
    void deliveriesPerSecond() {
        throughput("1. webhook deliveries/s, " + HOOKS + " webhooks", HOOKS, DELIVERIES);
        throughput("1b. one webhook (one target: one in flight)", 1, SINGLE_TARGET);
    }

    private void throughput(String title, int hooks, int total) {
        Tenant t = tenant();
        UUID project = UUID.randomUUID();
        String prefix = standIn().freshPath("/hooks/b1-") + "-";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < hooks; i++) {
            ids.add(webhook(t, project, standIn().url(prefix + i), "b1 " + prefix + i));
        }
        String in = ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",", "(", ")"));
        // held: recorded, not claimed (the claim skips integrations whose circuit_retry_at is in the future)
        Fixture.execute("UPDATE integrations SET circuit_retry_at = now() + interval '1 hour' WHERE id IN " + in);
        int events = total / hooks;
        long r0 = System.nanoTime();
        for (int k = 0; k < events; k++) {
            publish(t, project, UUID.randomUUID(), "1.0." + k, "Throughput");
        }
        long published = System.nanoTime();
        int expected = events * hooks;
        waitFor("recording " + expected + " deliveries", 200, () -> Fixture.count("SELECT count(*) FROM deliveries"
                + " WHERE integration_id IN " + in) >= expected);
        long recorded = System.nanoTime();
        Fixture.execute("UPDATE integrations SET circuit_retry_at = NULL WHERE id IN " + in);
        long t0 = System.nanoTime();
        dispatcher.wake();
        // the receiver's count is watched in memory (polling PostgreSQL every 25 ms would load the machine too)
        waitFor("receiving " + expected, () -> standIn().receivedUnder(prefix).size() >= expected);
        long t1 = System.nanoTime();
        waitFor("recording " + expected + " as delivered", () -> Fixture.count("SELECT count(*) FROM deliveries"
                + " WHERE status = 'delivered' AND integration_id IN " + in) >= expected);
        long t2 = System.nanoTime();
        double seconds = (t1 - t0) / 1e9;
        String p = Fixture.text("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY a.duration_ms) || ' / '"
                + " || percentile_disc(0.99) WITHIN GROUP (ORDER BY a.duration_ms) || ' / ' || max(a.duration_ms)"
                + " || ' ms; attempts: ' || count(*) FROM delivery_attempts a JOIN deliveries d ON d.id ="
                + " a.delivery_id WHERE d.integration_id IN " + in);
        long received = standIn().receivedUnder(prefix).size();
        report(title);
        report(String.format(Locale.ROOT, "   %d events published in %.1f s; %d deliveries recorded after %.1f s",
                events, (published - r0) / 1e9, expected, (recorded - r0) / 1e9));
        report(String.format(Locale.ROOT, "   released at once: %d received in %.2f s = %.0f deliveries/s"
                + " (receiver got %d requests; all recorded delivered after %.2f s)", expected, seconds,
                expected / seconds, received, (t2 - t0) / 1e9));
        report("   attempt duration p50 / p99 / max: " + p);
    }

    // ------------------------------------------------------------------------------------------------ 2. git lag

    @Test
    @Order(2)
    void versionToCommitLag() throws Exception {
        Tenant t = tenant();
        Path base = Files.createTempDirectory("git-bench");
        Daemon daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
        daemon.getService("git-receive-pack").setEnabled(true);
        daemon.setRepositoryResolver(new FileResolver<DaemonClient>(base.toFile(), true));
        daemon.start();
        try {
            Git.init().setBare(true).setInitialBranch("main").setDirectory(base.resolve("bench.git").toFile()).call()
                    .close();
            UUID project = UUID.randomUUID();
            t.admin().api().body(Map.of("type", "git", "name", "git bench " + project, "settings", Map.of("repoUrl",
                    "git://127.0.0.1:" + daemon.getAddress().getPort() + "/bench.git", "projectIds",
                    List.of(project.toString())), "secret", "ghp_test0123456789abcdef"))
                    .post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(201);
            List<UUID> prds = new ArrayList<>();
            for (int i = 0; i < GIT_PRDS; i++) {
                prds.add(UUID.randomUUID());
            }
            Map<String, Long> publishedAt = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            for (int k = 0; k < GIT_VERSIONS; k++) {
                UUID prd = prds.get(k % GIT_PRDS);
                String version = "1." + (k / GIT_PRDS) + ".0";
                publishedAt.put(prd + "@" + version, System.currentTimeMillis());
                publish(t, project, prd, version, "Git bench " + (k % GIT_PRDS));
                pace(start, k + 1, GIT_EVERY_MS);
            }
            var committed = TopicProbe.read(Topics.INTEGRATION, r -> prds.contains(uuid(r.key()))
                    && "io.prdtool.PrdVersionCommitted".equals(TopicProbe.header(r, "ce_type")), GIT_VERSIONS, NEVER);
            if (committed.size() < GIT_VERSIONS) {
                fail("only " + committed.size() + " of " + GIT_VERSIONS + " PrdVersionCommitted within " + NEVER);
            }
            List<Long> lags = new ArrayList<>();
            for (var r : committed) {
                JsonObject v = new JsonObject(new String(r.value()));
                Long at = publishedAt.remove(v.getString("prdId") + "@" + v.getString("version"));
                if (at != null) {
                    lags.add(r.timestamp() - at);
                }
            }
            report("2. PrdVersionCreated -> PrdVersionCommitted (git:// JGit daemon on 127.0.0.1, one repository)");
            report(String.format(Locale.ROOT, "   %d versions of %d PRDs, one every %d ms: lag p50 %d ms, p99 %d ms,"
                    + " max %d ms", GIT_VERSIONS, GIT_PRDS, GIT_EVERY_MS, pct(lags, 0.5), pct(lags, 0.99),
                    Collections.max(lags)));
            report("   commit attempt duration p50 / p99: " + Fixture.text("SELECT percentile_disc(0.5) WITHIN GROUP"
                    + " (ORDER BY a.duration_ms) || ' / ' || percentile_disc(0.99) WITHIN GROUP (ORDER BY"
                    + " a.duration_ms) || ' ms' FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id"
                    + " WHERE d.action = 'git.commit' AND d.prd_id IN " + prds.stream().map(p -> "'" + p + "'")
                            .collect(Collectors.joining(",", "(", ")"))));
        } finally {
            daemon.stop();
        }
    }

    // ------------------------------------------------------------------------------------ 3. one timing-out target

    @Test
    @Order(3)
    void oneTimingOutWebhookAmongHundred() throws Exception {
        Tenant t = tenant();
        UUID project = UUID.randomUUID();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackHole = new ServerSocket(0, 200, InetAddress.getByName("localhost"))) {
            Thread acceptor = new Thread(() -> {
                while (!blackHole.isClosed()) {
                    try {
                        held.add(blackHole.accept()); // accepted, never read, never answered
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
            String slow = webhook(t, project, "http://localhost:" + blackHole.getLocalPort() + "/never",
                    "b3 never " + project);
            t.admin().api().post("/api/v1/integrations/" + slow + "/disable").then().statusCode(200);
            String prefix = standIn().freshPath("/hooks/b3-") + "-";
            for (int i = 0; i < FANOUT_HOOKS - 1; i++) {
                webhook(t, project, standIn().url(prefix + i), "b3 " + prefix + i);
            }
            List<Long> without = fanOut(t, project, prefix, "3.0.");
            t.admin().api().post("/api/v1/integrations/" + slow + "/enable").then().statusCode(200);
            List<Long> with = fanOut(t, project, prefix, "3.1.");
            String slowState = Fixture.text("SELECT 'enabled ' || enabled || ', circuit ' || circuit_state"
                    + " || ', failures in a row ' || consecutive_failures FROM integrations WHERE id = '" + slow + "'");
            String slowDeliveries = Fixture.text("SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status,"
                    + " count(*) n FROM deliveries WHERE integration_id = '" + slow + "' GROUP BY status) s");
            long slowAttempts = Fixture.count("SELECT count(*) FROM delivery_attempts a JOIN deliveries d ON d.id ="
                    + " a.delivery_id WHERE d.integration_id = '" + slow + "'");
            report("3. " + FANOUT_HOOKS + " webhooks in one organization, " + FANOUT_EVENTS + " events one every "
                    + FANOUT_EVERY_MS + " ms each (" + (FANOUT_HOOKS - 1) * FANOUT_EVENTS + " deliveries to the 99"
                    + " healthy ones per phase); lag = received by the receiver - event published");
            report(String.format(Locale.ROOT, "   without the timing-out one (disabled): p50 %d ms, p99 %d ms,"
                    + " max %d ms", pct(without, 0.5), pct(without, 0.99), Collections.max(without)));
            report(String.format(Locale.ROOT, "   with it (enabled, never answers):      p50 %d ms, p99 %d ms,"
                    + " max %d ms", pct(with, 0.5), pct(with, 0.99), Collections.max(with)));
            String slowErrors = Fixture.text("SELECT string_agg(e || ' x' || n, '; ') FROM (SELECT coalesce(a.error,"
                    + " a.outcome) e, count(*) n FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id"
                    + " WHERE d.integration_id = '" + slow + "' GROUP BY 1) s");
            report("   the timing-out one's attempts: " + slowErrors);
            report("   the timing-out one: " + slowState + "; deliveries " + slowDeliveries + "; attempts "
                    + slowAttempts + "; connections it got " + held.size());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * A webhook that answers, slowly (1 s), with a backlog of due deliveries (recorded while it was held) beside 99
     * healthy ones: its circuit never opens, so only the claim's one-in-flight-per-target rule keeps it to one slot.
     */
    @Test
    @Order(4)
    void oneSlowWebhookWithBacklogAmongHundred() {
        Tenant t = tenant();
        UUID project = UUID.randomUUID();
        UUID backlogProject = UUID.randomUUID();
        String slowPath = standIn().freshPath("/hooks/b4-slow-");
        Reply[] late = new Reply[BACKLOG + FANOUT_EVENTS + 20];
        java.util.Arrays.fill(late, Reply.late(1000));
        standIn().script(slowPath, late);
        String slow = t.admin().api().body(Map.of("type", "webhook", "name", "b4 slow " + project, "settings",
                Map.of("url", standIn().url(slowPath), "projectIds", List.of(project.toString(),
                        backlogProject.toString()), "events", List.of("PrdVersionCreated"))))
                .post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(201).extract().path("id");
        String prefix = standIn().freshPath("/hooks/b4-") + "-";
        for (int i = 0; i < FANOUT_HOOKS - 1; i++) {
            webhook(t, project, standIn().url(prefix + i), "b4 " + prefix + i);
        }
        Fixture.execute("UPDATE integrations SET circuit_retry_at = now() + interval '1 hour' WHERE id = '" + slow
                + "'");
        for (int k = 0; k < BACKLOG; k++) {
            publish(t, backlogProject, UUID.randomUUID(), "4.9." + k, "Backlog");
        }
        waitFor("a backlog of " + BACKLOG, 200, () -> Fixture.count("SELECT count(*) FROM deliveries WHERE"
                + " integration_id = '" + slow + "' AND status = 'pending'") >= BACKLOG);
        Fixture.execute("UPDATE integrations SET circuit_retry_at = NULL WHERE id = '" + slow + "'");
        dispatcher.wake();
        List<Long> with = fanOut(t, project, prefix, "4.0.");
        long slowDone = standIn().received(slowPath).size();
        report("4. the same 99 beside a webhook answering after 1 s (never failing: its circuit stays closed) with "
                + BACKLOG + " due deliveries waiting when the " + FANOUT_EVENTS + " events start");
        report(String.format(Locale.ROOT, "   lag of the 99: p50 %d ms, p99 %d ms, max %d ms (the slow one got %d"
                + " requests meanwhile)", pct(with, 0.5), pct(with, 0.99), Collections.max(with), slowDone));
    }

    private List<Long> fanOut(Tenant t, UUID project, String prefix, String versionPrefix) {
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int k = 0; k < FANOUT_EVENTS; k++) {
            String version = versionPrefix + k;
            publishedAt.put(version, System.currentTimeMillis());
            publish(t, project, UUID.randomUUID(), version, "Fan-out");
            pace(start, k + 1, FANOUT_EVERY_MS);
        }
        int expected = (FANOUT_HOOKS - 1) * FANOUT_EVENTS;
        waitFor(expected + " fan-out deliveries " + versionPrefix, () -> standIn().receivedUnder(prefix).stream()
                .filter(r -> r.body().contains("\"" + versionPrefix)).count() >= expected);
        List<Long> lags = new ArrayList<>();
        for (Received r : standIn().receivedUnder(prefix)) {
            String version = r.json().getJsonObject("data").getString("version");
            if (version.startsWith(versionPrefix)) {
                lags.add(r.at().toEpochMilli() - publishedAt.get(version));
            }
        }
        return lags;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String webhook(Tenant t, UUID project, String url, String name) {
        return t.admin().api().body(Map.of("type", "webhook", "name", name, "settings", Map.of("url", url,
                "projectIds", List.of(project.toString()), "events", List.of("PrdVersionCreated"))))
                .post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(201).extract().path("id");
    }

    static void publish(Tenant t, UUID project, UUID prd, String version, String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        Events.publish(UUID.randomUUID(), new PrdVersionCreated(prd, t.orgId(), project, UUID.randomUUID(), version,
                null, "minor", "Bench " + version, null, null, null, title, slug, "draft",
                "# " + title + "\n\nVersion " + version + ": pay in one step.\n", 40), "prd-service");
    }

    static void pace(long start, int done, long everyMs) {
        long next = start + done * everyMs * 1_000_000L;
        long wait = next - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void waitFor(String what, BooleanSupplier done) {
        waitFor(what, 25, done);
    }

    static void waitFor(String what, long everyMs, BooleanSupplier done) {
        long deadline = System.nanoTime() + NEVER.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " did not complete within " + NEVER);
            }
            try {
                Thread.sleep(everyMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    static UUID uuid(String s) {
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static long pct(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static synchronized void report(String line) {
        System.out.println(line);
        LINES.add(line);
    }

    @AfterAll
    static void write() throws IOException {
        if (LINES.isEmpty()) {
            return;
        }
        report("load average at end: " + loadAverage());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmark.txt"), String.join("\n", LINES) + "\n");
    }
}
