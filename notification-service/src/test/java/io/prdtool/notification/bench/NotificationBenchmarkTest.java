package io.prdtool.notification.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.prdtool.notification.delivery.DeliveryRunner;
import io.prdtool.notification.notification.NotificationRepository;
import io.prdtool.notification.notification.RepositorySql;
import io.prdtool.notification.support.Events;
import io.prdtool.notification.support.MailResource;
import io.prdtool.shared.events.prd.PrdApproved;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * notification-service on this machine: fan-out of one event to many watchers (rows and live streams), the inbox SQL
 * for a user with many notifications, emails per second through the delivery runner, and how many SSE streams one
 * instance holds. Not a pass/fail test: it reports numbers to stdout and {@code target/benchmark.txt}. Run:
 * {@code notification-service/bench/run.sh}. Projections (users, members, PRDs, watchers) are seeded by SQL; the
 * fan-out event itself goes through Kafka like any other.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
@TestProfile(NotificationBenchmarkTest.Profile.class)
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationBenchmarkTest {

    /** Production heartbeat (not the tests' 300 ms); the delivery runner only runs when the benchmark drives it. */
    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("prdtool.notification.stream.heartbeat", "25s", "prdtool.notification.delivery.every", "1h");
        }
    }

    private static final int WATCHERS = Integer.getInteger("bench.watchers", 1_000);
    private static final int FANOUT_STREAMS = Integer.getInteger("bench.fanout.streams", 200);
    private static final int INBOX_ROWS = Integer.getInteger("bench.inbox.rows", 100_000);
    private static final int EMAILS = Integer.getInteger("bench.emails", 500);
    private static final int[] STEPS = Arrays.stream(System.getProperty("bench.stream.steps", "250,500,1000,2000,4000")
            .split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    private static final int RUNS = 200;
    private static final int SAMPLE = 50;
    private static final Pattern EXEC_TIME = Pattern.compile("\"Execution Time\":\\s*([0-9.]+)");

    private static final List<String> REPORT = new ArrayList<>();

    @Inject
    Pool pool;

    @Inject
    DeliveryRunner runner;

    @Inject
    NotificationRepository repository;

    @Inject
    MeterRegistry registry;

    record BenchUser(UUID id, String subject, String email, String name) {

        String token() {
            return Tokens.forTests().token(subject, email, name);
        }
    }

    // ------------------------------------------------------------------------------------------------ 1. fan-out

    @Test
    @Order(1)
    void fanOut() {
        report("machine: " + machine());
        fanOut(10, 0, false); // warm-up: the consumer has joined its group, statements are prepared
        fanOut(WATCHERS, FANOUT_STREAMS, true);
    }

    private void fanOut(int watchers, int streams, boolean report) {
        UUID org = UUID.randomUUID();
        UUID prd = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        List<BenchUser> w = users("watcher", watchers);
        BenchUser approver = users("approver", 1).get(0);
        List<Tuple> members = new ArrayList<>();
        for (BenchUser u : w) {
            members.add(Tuple.of(org, u.id()));
        }
        members.add(Tuple.of(org, approver.id()));
        join(pool.preparedQuery("INSERT INTO org_members (organization_id, user_id, role) VALUES ($1, $2, 'member')")
                .executeBatch(members));
        join(pool.preparedQuery("INSERT INTO prds (id, organization_id, project_id, title, created_by, approver_ids,"
                + " status) VALUES ($1, $2, $3, 'Benchmark PRD', $4, $5, 'in_review')")
                .execute(Tuple.of(prd, org, project, w.get(0).id(), new UUID[]{approver.id()})));
        List<Tuple> watching = new ArrayList<>();
        for (BenchUser u : w) {
            watching.add(Tuple.of(prd, u.id()));
        }
        join(pool.preparedQuery("INSERT INTO prd_watchers (prd_id, user_id, state, reason) VALUES ($1, $2,"
                + " 'watching', 'manual')").executeBatch(watching));

        try (LightSse sse = new LightSse()) {
            List<LightSse.Stream> open = new ArrayList<>();
            double base = openStreams();
            for (int i = 0; i < streams; i++) {
                open.add(sse.open(streamUrl(), w.get(i).token()));
            }
            for (LightSse.Stream s : open) {
                int status = s.status.orTimeout(60, TimeUnit.SECONDS).join();
                if (status != 200) {
                    throw new AssertionError("stream answered " + status);
                }
            }
            waitFor(() -> openStreams() >= base + streams, Duration.ofSeconds(60), "streams registered");
            open.forEach(LightSse.Stream::mark);

            long t0 = System.nanoTime();
            UUID eventId = Events.publish(new PrdApproved(prd, org, project, approver.id(), Instant.now(),
                    "0".repeat(64), "1.0.0"));
            long published = System.nanoTime();
            long firstRow = 0;
            long allRows = 0;
            long deadline = t0 + TimeUnit.MINUTES.toNanos(3);
            while (allRows == 0 || open.stream().anyMatch(s -> s.arrived() == 0)) {
                if (allRows == 0) {
                    long n = count("SELECT count(*) AS n FROM notifications WHERE source_event_id = $1", eventId);
                    long now = System.nanoTime();
                    if (n > 0 && firstRow == 0) {
                        firstRow = now;
                    }
                    if (n >= watchers) {
                        allRows = now;
                    }
                }
                if (System.nanoTime() > deadline) {
                    long got = open.stream().filter(s -> s.arrived() != 0).count();
                    throw new AssertionError("fan-out not complete in 3 minutes: rows done=" + (allRows != 0)
                            + ", streams " + got + "/" + streams);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            if (!report) {
                return;
            }
            long[] arrivals = open.stream().mapToLong(s -> s.arrived() - t0).sorted().toArray();
            report(String.format(Locale.ROOT, "fan-out: PrdApproved to %d watchers (projections seeded by SQL, the"
                    + " event through Kafka): publish (acks=all) %.0f ms; first row visible %.0f ms, all %d in-app"
                    + " rows %.0f ms after publishing (one transaction: they appear together)",
                    watchers, ms(published - t0), ms(firstRow - t0), watchers, ms(allRows - t0)));
            if (streams > 0) {
                report(String.format(Locale.ROOT, "fan-out: %d open SSE streams (of those watchers) received it:"
                        + " first %.0f ms, p50 %.0f ms, p95 %.0f ms, last %.0f ms after publishing",
                        streams, ms(arrivals[0]), ms(pct(arrivals, 50)), ms(pct(arrivals, 95)),
                        ms(arrivals[arrivals.length - 1])));
            }
            open.forEach(LightSse.Stream::cancel);
        }
    }

    // ------------------------------------------------------------------------------------------------ 2. inbox SQL

    @Test
    @Order(2)
    void inboxQueries() {
        report("machine: " + machine());
        UUID org = UUID.randomUUID();
        BenchUser u = users("reader", 1).get(0);
        join(pool.preparedQuery("INSERT INTO org_members (organization_id, user_id, role) VALUES ($1, $2, 'member')")
                .execute(Tuple.of(org, u.id())));
        join(pool.preparedQuery("INSERT INTO prds (id, organization_id, title, status) SELECT gen_random_uuid(), $1,"
                + " 'Inbox PRD ' || i, 'draft' FROM generate_series(1, 20) i").execute(Tuple.of(org)));
        long t = System.nanoTime();
        join(pool.preparedQuery("WITH p AS (SELECT array_agg(id) AS ids FROM prds WHERE organization_id = $2)"
                + " INSERT INTO notifications (recipient_id, organization_id, type, prd_id, source_event_id, title,"
                + " body, link, data, created_at, updated_at, read_at)"
                + " SELECT $1, $2, 'prd_updated', p.ids[1 + i % 20], gen_random_uuid(), 'Benchmark PRD was updated '"
                + " || i, 'Alice edited it', 'http://localhost:3000/prds/x', '{\"edits\": 1}',"
                + " now() - make_interval(mins => $3 - i), now() - make_interval(mins => $3 - i),"
                + " CASE WHEN i % 2 = 0 THEN now() END FROM p, generate_series(1, $3) i")
                .execute(Tuple.of(u.id(), org, INBOX_ROWS)));
        join(pool.query("ANALYZE notifications").execute());
        report(String.format(Locale.ROOT, "inbox: %d notifications for one user (every other one read, 20 PRDs)"
                + " inserted with generate_series in %.1f s, then ANALYZE", INBOX_ROWS,
                ms(System.nanoTime() - t)
                        / 1000));

        inDatabase("first page (limit 20)", RepositorySql.firstPage(), u.id(), 21);
        inDatabase("unread count (cap 100)", RepositorySql.unreadCount(), u.id(), 100);

        var filter = new NotificationRepository.Filter(false, null, null, false);
        long[] page = new long[RUNS];
        long[] unread = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long s = System.nanoTime();
            repository.page(u.id(), filter, null, 20).await().indefinitely();
            page[i] = System.nanoTime() - s;
            s = System.nanoTime();
            repository.unreadCount(u.id(), 100).await().indefinitely();
            unread[i] = System.nanoTime() - s;
        }
        report(latencies("inbox through the reactive pool (NotificationRepository, round trip + decoding), first"
                + " page", page));
        report(latencies("inbox through the reactive pool, unread count", unread));
    }

    /** The statement prepared once, then EXPLAIN (ANALYZE, BUFFERS) EXECUTE {@value #RUNS} times on one connection. */
    private void inDatabase(String what, String sql, UUID user, int limit) {
        String name = "bench_" + what.replaceAll("[^a-z]", "_");
        List<String> lines = new ArrayList<>();
        long[] times = join(pool.withConnection(c -> c.query("PREPARE " + name + " (uuid, bigint) AS " + sql)
                .execute().chain(() -> c.query("EXPLAIN (ANALYZE, BUFFERS) EXECUTE " + name + "('" + user + "', "
                        + limit + ")").execute())
                .invoke(rows -> rows.forEach(r -> lines.add("    " + r.getString(0))))
                .chain(() -> io.smallrye.mutiny.Multi.createFrom().range(0, RUNS).onItem()
                        .transformToUniAndConcatenate(i -> c.query("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE " + name
                                + "('" + user + "', " + limit + ")").execute())
                        .map(NotificationBenchmarkTest::executionMicros).collect().asList())
                .call(() -> c.query("DEALLOCATE " + name).execute())
                .map(l -> l.stream().mapToLong(Long::longValue).sorted().toArray())));
        report(String.format(Locale.ROOT, "inbox in the database, %s: %d × EXPLAIN ANALYZE EXECUTE (prepared):"
                + " p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms (goal p95 < 5 ms: %s)", what, RUNS,
                pct(times, 50) / 1000.0, pct(times, 95) / 1000.0, pct(times, 99) / 1000.0,
                times[times.length - 1] / 1000.0, pct(times, 95) < 5000 ? "met" : "MISSED"));
        report("  plan (first execution):\n" + String.join("\n", lines));
    }

    private static long executionMicros(RowSet<Row> rows) {
        Matcher m = EXEC_TIME.matcher(String.valueOf(rows.iterator().next().getValue(0)));
        if (!m.find()) {
            throw new IllegalStateException("no Execution Time in the plan");
        }
        return Math.round(Double.parseDouble(m.group(1)) * 1000);
    }

    // ------------------------------------------------------------------------------------------------ 3. emails

    @Test
    @Order(3)
    void emailsPerSecond() {
        report("machine: " + machine());
        // what earlier parts left due (their prd_approved emails) is not part of this measurement
        join(pool.query("UPDATE notification_deliveries SET status = 'skipped', reason = 'preference',"
                + " next_attempt_at = NULL WHERE status IN ('pending', 'sending', 'failed')").execute());
        UUID org = UUID.randomUUID();
        UUID prd = UUID.randomUUID();
        List<BenchUser> to = users("mail", EMAILS);
        List<Tuple> members = to.stream().map(u -> Tuple.of(org, u.id())).toList();
        join(pool.preparedQuery("INSERT INTO org_members (organization_id, user_id, role) VALUES ($1, $2, 'member')")
                .executeBatch(members));
        join(pool.preparedQuery("INSERT INTO prds (id, organization_id, title, status) VALUES ($1, $2, 'Mail PRD',"
                + " 'approved')").execute(Tuple.of(prd, org)));
        UUID[] ids = to.stream().map(BenchUser::id).toArray(UUID[]::new);
        join(pool.preparedQuery("WITH n AS (INSERT INTO notifications (recipient_id, organization_id, type, prd_id,"
                + " source_event_id, title, body, link) SELECT r, $2, 'prd_approved', $3, gen_random_uuid(),"
                + " 'Mail PRD was approved', 'Version 1.0.0 was approved.', 'http://localhost:3000/prds/mail'"
                + " FROM unnest($1::uuid[]) r RETURNING id, recipient_id)"
                + " INSERT INTO notification_deliveries (notification_id, channel, recipient_id, organization_id,"
                + " prd_id, type, status, next_attempt_at) SELECT id, 'email', recipient_id, $2, $3, 'prd_approved',"
                + " 'pending', now() FROM n").execute(Tuple.of(ids, org, prd)));
        MailResource.reset();
        int runs = 0;
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
        while (count("SELECT count(*) AS n FROM notification_deliveries WHERE organization_id = $1 AND status IN"
                + " ('pending', 'sending', 'failed')", org) > 0) {
            runner.runOnce().await().indefinitely();
            runs++;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("emails not sent in 5 minutes");
            }
        }
        long elapsed = System.nanoTime() - t0;
        int received = MailResource.greenMail().getReceivedMessages().length;
        String statuses = join(pool.preparedQuery("SELECT status, count(*) AS n FROM notification_deliveries WHERE"
                + " organization_id = $1 GROUP BY status ORDER BY status").execute(Tuple.of(org))).stream()
                .map(r -> r.getString("status") + "=" + r.getLong("n")).collect(Collectors.joining(", "));
        report(String.format(Locale.ROOT, "email: %d due deliveries (prd_approved, one per recipient) sent through"
                + " DeliveryRunner.runOnce() called back to back (%d runs of batch 50) to GreenMail: %.2f s = %.0f"
                + " emails/s; GreenMail received %d; statuses %s", EMAILS, runs, ms(elapsed) / 1000,
                received
                        / (elapsed / 1e9),
                received, statuses));
        report("email: as scheduled, one instance claims at most batch-size (50) per run every"
                + " prdtool.notification.delivery.every (15 s by default) = 3.3 emails/s, whatever the sender could do");
    }

    // ------------------------------------------------------------------------------------------------ 4. streams

    @Test
    @Order(4)
    void concurrentStreams() {
        int max = Arrays.stream(STEPS).max().orElse(0);
        List<BenchUser> users = users("stream", max);
        report("machine: " + machine());
        report("streams: baseline " + process());
        try (LightSse sse = new LightSse()) {
            List<LightSse.Stream> open = new ArrayList<>();
            double base = openStreams();
            for (int step : STEPS) {
                long t = System.nanoTime();
                try {
                    for (int i = open.size(); i < step; i++) {
                        open.add(sse.open(streamUrl(), users.get(i).token()));
                        if (open.size() % 50 == 0) {
                            awaitStatuses(open.subList(open.size() - 50, open.size()));
                        }
                    }
                    awaitStatuses(open);
                    waitFor(() -> openStreams() >= base + step, Duration.ofSeconds(120), "streams registered");
                    long opened = System.nanoTime() - t;
                    long ended = open.stream().filter(s -> s.ended).count();
                    if (ended > 0) {
                        throw new AssertionError(ended + " streams ended");
                    }
                    // a push to a sample spread over all open streams
                    List<Integer> sample = new ArrayList<>();
                    for (int i = 0; i < SAMPLE; i++) {
                        sample.add((int) ((long) i * step / SAMPLE));
                    }
                    sample.forEach(i -> open.get(i).mark());
                    UUID[] to = sample.stream().map(i -> users.get(i).id()).toArray(UUID[]::new);
                    long p0 = System.nanoTime();
                    join(pool.preparedQuery("WITH n AS (INSERT INTO notifications (recipient_id, type,"
                            + " source_event_id, title) SELECT r, 'ai_budget_threshold', gen_random_uuid(),"
                            + " 'Benchmark push' FROM unnest($1::uuid[]) r RETURNING recipient_id, seq)"
                            + " SELECT count(pg_notify('prdtool_notifications', recipient_id || ':' || seq)) FROM n")
                            .execute(Tuple.of(to)));
                    long pushDeadline = p0 + TimeUnit.SECONDS.toNanos(30);
                    while (sample.stream().anyMatch(i -> open.get(i).arrived() == 0)) {
                        if (System.nanoTime() > pushDeadline) {
                            long got = sample.stream().filter(i -> open.get(i).arrived() != 0).count();
                            throw new AssertionError("push reached " + got + "/" + SAMPLE + " in 30 s");
                        }
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    }
                    long[] lat = sample.stream().mapToLong(i -> open.get(i).arrived() - p0).sorted().toArray();
                    System.gc();
                    report(String.format(Locale.ROOT, "streams: %d open (opened in %.1f s), push to %d of them: p50"
                            + " %.0f ms, max %.0f ms; %s", step, ms(opened) / 1000, SAMPLE, ms(pct(lat, 50)),
                            ms(lat[lat.length - 1]), process()));
                } catch (Throwable f) {
                    report(String.format(Locale.ROOT, "streams: FAILED at step %d (%d requested): %s; %s", step,
                            open.size(), f, process()));
                    break;
                }
            }
            open.forEach(LightSse.Stream::cancel);
        }
    }

    private static void awaitStatuses(List<LightSse.Stream> streams) {
        for (LightSse.Stream s : streams) {
            int status = s.status.orTimeout(60, TimeUnit.SECONDS).join();
            if (status != 200) {
                throw new AssertionError("stream answered " + status);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    @AfterAll
    static void write() throws IOException {
        String text = String.join("\n", REPORT);
        System.out.println("\n===== notification benchmark =====\n" + text + "\n==================================");
        Files.writeString(Path.of("target", "benchmark.txt"), text + "\n");
    }

    private static synchronized void report(String line) {
        System.out.println("[bench] " + line);
        REPORT.add(line);
    }

    private List<BenchUser> users(String label, int n) {
        List<BenchUser> out = new ArrayList<>(n);
        List<Tuple> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String sub = label + "-" + UUID.randomUUID().toString().substring(0, 13);
            BenchUser u = new BenchUser(UUID.randomUUID(), sub, sub + "@example.com", "Bench " + label + " " + i);
            out.add(u);
            rows.add(Tuple.of(u.id(), u.subject(), u.email(), u.name()));
        }
        for (int i = 0; i < rows.size(); i += 1000) {
            join(pool.preparedQuery("INSERT INTO users (id, subject, email, name) VALUES ($1, $2, $3, $4)")
                    .executeBatch(rows.subList(i, Math.min(rows.size(), i + 1000))));
        }
        return out;
    }

    private long count(String sql, Object param) {
        return join(pool.preparedQuery(sql).execute(Tuple.of(param))).iterator().next().getLong("n");
    }

    private double openStreams() {
        Gauge g = registry.find("prdtool.notification.streams.open").gauge();
        return g == null ? 0 : g.value();
    }

    private static String streamUrl() {
        return "http://localhost:" + RestAssured.port + "/api/v1/notifications/stream";
    }

    private static <T> T join(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().atMost(Duration.ofMinutes(5));
    }

    private static void waitFor(java.util.function.BooleanSupplier done, Duration max, String what) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + max);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String latencies(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%s: %d runs, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms", what, s.length,
                ms(pct(s, 50)), ms(pct(s, 95)), ms(pct(s, 99)));
    }

    /** Heap after GC, RSS, threads and open files of this JVM (it holds both the service and the clients). */
    private static String process() {
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        String status = read("/proc/self/status");
        String[] fds = new java.io.File("/proc/self/fd").list();
        return String.format(Locale.ROOT, "test JVM (service + clients): heap used %d MB of max %d MB, RSS %s,"
                + " threads %s, open fds %d (limit %s); load average %s", heap >> 20, rt.maxMemory() >> 20,
                field(status, "VmRSS"), field(status, "Threads"), fds == null ? -1 : fds.length, openFilesLimit(),
                read("/proc/loadavg").strip());
    }

    private static String machine() {
        String mem = read("/proc/meminfo");
        return String.format(Locale.ROOT, "%d cores, load average %s, MemAvailable %s of %s, java %s, -Xmx %d MB",
                Runtime.getRuntime().availableProcessors(), read("/proc/loadavg").strip(), field(mem, "MemAvailable"),
                field(mem, "MemTotal"), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    }

    private static String openFilesLimit() {
        return read("/proc/self/limits").lines().filter(l -> l.startsWith("Max open files"))
                .map(l -> l.replaceAll("\\s+", " ").split(" ")[3]).findFirst().orElse("?");
    }

    private static String field(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst().orElse("?");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
