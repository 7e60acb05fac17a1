package io.prdtool.collab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Npm;
import io.prdtool.collab.testing.ServiceProcess;
import io.prdtool.testinfra.KafkaBroker;
import io.prdtool.testinfra.PostgresServer;
import io.prdtool.testinfra.Tokens;

/**
 * A benchmark, not a test (no pass/fail on timings; it is run on purpose, never by {@code verify}): the same load
 * generator (bench/load.mjs, stock y-websocket clients) against the packaged collab-service, which stores every update
 * in PostgreSQL before fanning it out, and against the classic in-memory y-websocket@1.5.4 reference server. Reports
 * delivered ratio, fan-out latency p50/p99, server CPU and peak RSS to target/collab-bench.md.
 * <p>
 * Run: {@code ./mvnw -B -pl collab-service verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=CollabBenchmark -Dbench.docs=20 -Dbench.clients=5 -Dbench.rate=5 -Dbench.seconds=30}
 */
class CollabBenchmark {

    private static final Path BENCH = Path.of("bench");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Sample(double cpuPercent, long peakRssKb, double databaseCpuPercent, Scheduling busiest,
            double wallSeconds) {

        /** CPU microseconds per sent edit of a process that used {@code percent} of one CPU over the run. */
        double microsPerEdit(double percent, long sent) {
            return sent <= 0 ? 0 : percent / 100 * wallSeconds * 1e6 / sent;
        }
    }

    /**
     * How the scheduler treated one thread during a run, from /proc/PID/task/TID/schedstat and status: its CPU, the time
     * it was ready to run but waited for a CPU, and how often it was preempted (involuntary switches).
     */
    record Scheduling(String thread, double cpuPercent, double waitingPercent, double preemptedPerSecond) {

        static final Scheduling UNKNOWN = new Scheduling("?", 0, 0, 0);

        String cell() {
            return this == UNKNOWN
                    ? "-"
                    : String.format("%s: %.1f / %.1f / %.0f", thread, cpuPercent, waitingPercent,
                            preemptedPerSecond);
        }
    }

    /** One thread's counters: name, CPU ns, run-queue wait ns, involuntary context switches. */
    private record ThreadCounters(String name, long cpuNanos, long waitNanos, long involuntary) {
    }

    @Test
    void oursAgainstTheReferenceServer() throws Exception {
        int docs = Integer.getInteger("bench.docs", 20);
        int clients = Integer.getInteger("bench.clients", 5);
        int rate = Integer.getInteger("bench.rate", 5);
        int seconds = Integer.getInteger("bench.seconds", 30);
        // both servers first take the same load on other documents (JIT, pools, caches); that round is not reported
        int warmup = Integer.getInteger("bench.warmup", 20);
        npmCi();
        PostgresServer.shared();
        KafkaBroker.shared().createTopics(3, "prdtool.collab.sync");

        // -Dbench.jvm="-XX:StartFlightRecording=filename=target/bench.jfr,settings=profile" profiles our server
        String[] jvm = System.getProperty("bench.jvm", "").isBlank()
                ? new String[0]
                : System.getProperty("bench.jvm").trim().split("\\s+");
        ServiceProcess ours = ServiceProcess.start("bench", jvm); // migrates the schema
        // one organization, docs PRDs, clients members
        UUID org = UUID.randomUUID();
        List<String> rooms = new ArrayList<>();
        List<String> warmRooms = new ArrayList<>();
        for (int i = 0; i < 2 * docs; i++) {
            UUID prd = UUID.randomUUID();
            Fixtures.update("INSERT INTO prd_access (prd_id, organization_id) VALUES (?, ?)", prd, org);
            (i < docs ? rooms : warmRooms).add(prd.toString());
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String subject = "bench-" + i + "-" + UUID.randomUUID();
            Fixtures.update("INSERT INTO org_members (organization_id, subject, role) VALUES (?, ?, 'member')", org,
                    subject);
            tokens.add(Tokens.forTests().token(subject, subject + "@example.com", "Bench " + i,
                    java.util.Set.of(), java.time.Duration.ofHours(2)));
        }

        StringBuilder report = new StringBuilder("# collab-service benchmark\n\n");
        String serverSide = "";
        report.append("Load: ").append(docs).append(" documents x ").append(clients).append(" clients x ")
                .append(rate).append(" edits/s for ").append(seconds).append(" s (stock y-websocket 1.5.4 clients,")
                .append(" one Node process), after ").append(warmup).append(" s of the same load on other documents.")
                .append(" Machine: ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, shared.\n\n| server | sent | delivered / expected | ratio | converged | p50 ms |")
                .append(" p90 ms | p99 ms | max ms | server CPU % (avg) | server peak RSS MB | stored updates |")
                .append(" PostgreSQL CPU % (avg) | busiest server thread: CPU % / waiting for a CPU % / preempted")
                .append(" per s | CPU µs per edit: server / PostgreSQL / both |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");

        try {
            String url = "ws://localhost:" + ours.port() + "/collab";
            if (warmup > 0) {
                run(ours.process().pid(), url, warmRooms, tokens, clients, rate, warmup);
            }
            Map<Double, Long> before = latencyBuckets(ours.port());
            double[] batchesBefore = batchDocuments(ours.port());
            profiler(ours.process().pid(), "start,event=cpu,interval=1ms");
            Map.Entry<JsonNode, Sample> r = run(ours.process().pid(), url, rooms, tokens, clients, rate, seconds);
            profiler(ours.process().pid(), "stop,collapsed,file=" + System.getProperty("bench.profile", ""));
            Map<Double, Long> after = latencyBuckets(ours.port());
            double[] batchesAfter = batchDocuments(ours.port());
            double statements = batchesAfter[0] - batchesBefore[0];
            double documents = batchesAfter[1] - batchesBefore[1];
            serverSide = String.format("Server side (collab-service, arrival of an update to its broadcast: validate,"
                    + " apply, store in PostgreSQL), from the prdtool_collab_update_latency histogram of the measured"
                    + " run: p50 <= %s ms, p99 <= %s ms.%n", quantile(before, after, 0.5),
                    quantile(before, after, 0.99))
                    + String.format("Append statements in the measured run: %.0f for %.0f document batches (%.2f"
                            + " documents per statement, group commit across documents).%n", statements, documents,
                            statements == 0 ? 0 : documents / statements);
            long stored = 0;
            for (String room : rooms) {
                stored += Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", UUID.fromString(room));
            }
            row(report, "collab-service (persists every update)", r, stored);
        } finally {
            ours.process().destroy();
            ours.process().waitFor(20, TimeUnit.SECONDS);
        }

        int refPort = KafkaBroker.freePort();
        ProcessBuilder refPb = new ProcessBuilder("node", "node_modules/y-websocket/bin/server.js")
                .directory(BENCH.toFile()).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "collab-bench-reference.log").toFile());
        refPb.environment().put("HOST", "localhost");
        refPb.environment().put("PORT", Integer.toString(refPort));
        Process ref = refPb.start();
        try {
            Thread.sleep(1500);
            String url = "ws://localhost:" + refPort;
            if (warmup > 0) {
                run(ref.pid(), url, warmRooms, List.of(), clients, rate, warmup);
            }
            Map.Entry<JsonNode, Sample> r = run(ref.pid(), url, rooms, List.of(), clients, rate, seconds);
            row(report, "y-websocket@1.5.4 reference (in memory)", r, -1);
        } finally {
            ref.destroy();
        }
        report.append('\n').append(serverSide);
        Files.writeString(Path.of("target", "collab-bench.md"), report.toString());
        System.out.println(report);
    }

    private static void row(StringBuilder report, String name, Map.Entry<JsonNode, Sample> r, long stored) {
        JsonNode j = r.getKey();
        report.append("| ").append(name).append(" | ").append(j.path("sent").asLong()).append(" | ")
                .append(j.path("delivered").asLong()).append(" / ").append(j.path("expected").asLong()).append(" | ")
                .append(String.format("%.4f", j.path("deliveredRatio").asDouble())).append(" | ")
                .append(j.path("converged").asBoolean()).append(" | ")
                .append(j.at("/latencyMs/p50").asText()).append(" | ").append(j.at("/latencyMs/p90").asText())
                .append(" | ").append(j.at("/latencyMs/p99").asText()).append(" | ")
                .append(j.at("/latencyMs/max").asText()).append(" | ")
                .append(String.format("%.1f", r.getValue().cpuPercent())).append(" | ")
                .append(r.getValue().peakRssKb() / 1024).append(" | ").append(stored < 0 ? "-" : stored).append(" | ")
                .append(stored < 0 ? "-" : String.format("%.1f", r.getValue().databaseCpuPercent())).append(" | ")
                .append(r.getValue().busiest().cell()).append(" | ").append(perEdit(r, stored >= 0)).append(" |\n");
    }

    /** The reference keeps nothing in PostgreSQL: its database column is zero, not the idle database's own CPU. */
    private static String perEdit(Map.Entry<JsonNode, Sample> r, boolean usesDatabase) {
        long sent = r.getKey().path("sent").asLong();
        Sample s = r.getValue();
        double server = s.microsPerEdit(s.cpuPercent(), sent);
        double database = usesDatabase ? s.microsPerEdit(s.databaseCpuPercent(), sent) : 0;
        return String.format("%.0f / %.0f / %.0f", server, database, server + database);
    }

    private static Map.Entry<JsonNode, Sample> run(long serverPid, String urlPrefix, List<String> rooms,
            List<String> tokens, int clients, int rate, int seconds) throws Exception {
        // -Dbench.loadCpus=1 pins the load generator to those CPUs (taskset), e.g. with the build itself run under
        // "taskset -c 0": then the servers (and PostgreSQL) share CPU 0 and the clients do not compete with them
        String loadCpus = System.getProperty("bench.loadCpus", "");
        List<String> command = loadCpus.isBlank()
                ? List.of("node", "load.mjs")
                : List.of("taskset", "-c", loadCpus, "node", "load.mjs");
        ProcessBuilder pb = new ProcessBuilder(command).directory(BENCH.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("URL_PREFIX", urlPrefix);
        pb.environment().put("ROOMS", String.join(",", rooms));
        pb.environment().put("TOKENS", String.join(",", tokens));
        pb.environment().put("CLIENTS", Integer.toString(clients));
        pb.environment().put("RATE", Integer.toString(rate));
        pb.environment().put("SECONDS", Integer.toString(seconds));
        if (System.getProperty("bench.trace") != null) { // -Dbench.trace=/tmp/trace: one file per run, per delivery
            pb.environment().put("TRACE_FILE", System.getProperty("bench.trace") + "-" + serverPid + ".txt");
        }
        AtomicBoolean sampling = new AtomicBoolean(true);
        long[] peakRss = new long[1];
        long cpuStart = cpuTicks(serverPid);
        Map<Long, ThreadCounters> threadsStart = threadCounters(serverPid);
        Map<Long, Long> databaseStart = databaseTicks();
        long wallStart = System.nanoTime();
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peakRss[0] = Math.max(peakRss[0], rssKb(serverPid));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        Process load = pb.start();
        String out = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        load.waitFor();
        sampling.set(false);
        sampler.join();
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        double cpu = (cpuTicks(serverPid) - cpuStart) / 100.0 / wallSeconds * 100; // USER_HZ = 100
        Scheduling busiest = busiest(threadsStart, threadCounters(serverPid), wallSeconds);
        long databaseTicks = 0;
        for (Map.Entry<Long, Long> e : databaseTicks().entrySet()) {
            databaseTicks += e.getValue() - databaseStart.getOrDefault(e.getKey(), 0L);
        }
        double databaseCpu = databaseTicks / 100.0 / wallSeconds * 100;
        JsonNode result = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        assertThat(result.has("error")).as(out).isFalse();
        return Map.entry(result, new Sample(cpu, peakRss[0], databaseCpu, busiest, wallSeconds));
    }

    /** The cumulative buckets (upper bound in seconds -> count) of our update latency histogram. */
    private static Map<Double, Long> latencyBuckets(int port) throws IOException, InterruptedException {
        String prefix = "prdtool_collab_update_latency_seconds_bucket{le=\"";
        Map<Double, Long> buckets = new java.util.TreeMap<>();
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                String le = line.substring(prefix.length(), line.indexOf('"', prefix.length()));
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.put(bound, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return buckets;
    }

    /**
     * With -Dbench.profiler=/path/to/libasyncProfiler.so -Dbench.profile=/tmp/out.collapsed, async-profiler samples our
     * server's CPU during the measured run only (attached with jcmd; not during start-up or warm-up).
     */
    private static void profiler(long pid, String command) throws IOException, InterruptedException {
        String library = System.getProperty("bench.profiler");
        if (library == null || library.isBlank()) {
            return;
        }
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                // quoted: jcmd's argument parser splits the agent's options at commas otherwise
                Long.toString(pid), "JVMTI.agent_load", library, '"' + command + '"').redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor()).as(out).isZero();
        assertThat(out).as(out).doesNotContain("[ERROR]");
    }

    /** Count and sum of our append-batch size summary: statements sent, documents stored by them. */
    private static double[] batchDocuments(int port) throws IOException, InterruptedException {
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        double[] countAndSum = new double[2];
        for (String line : metrics.split("\n")) {
            if (line.startsWith("prdtool_collab_append_batch_documents_count")) {
                countAndSum[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("prdtool_collab_append_batch_documents_sum")) {
                countAndSum[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return countAndSum;
    }

    /** The bucket bound (ms) under which quantile {@code q} of the observations between two scrapes falls. */
    private static String quantile(Map<Double, Long> before, Map<Double, Long> after, double q) {
        long total = after.getOrDefault(Double.POSITIVE_INFINITY, 0L)
                - before.getOrDefault(Double.POSITIVE_INFINITY, 0L);
        if (total <= 0) {
            return "n/a";
        }
        for (Map.Entry<Double, Long> e : after.entrySet()) {
            long n = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (n >= q * total) {
                return e.getKey().isInfinite() ? "inf" : String.format("%.1f", e.getKey() * 1000);
            }
        }
        return "inf";
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * CPU ticks of the PostgreSQL server and every process it forked (its backends, the WAL writer, autovacuum), by pid:
     * the database's share of storing every update. Processes that exit during a run lose their ticks (the pool's
     * connections live through it).
     */
    private static Map<Long, Long> databaseTicks() {
        Map<Long, Long> ticks = new java.util.HashMap<>();
        PostgresServer pg = PostgresServer.shared();
        if (pg.isExternal()) {
            return ticks;
        }
        try {
            long postmaster = Long.parseLong(Files.readAllLines(pg.dataDirectory().resolve("postmaster.pid")).get(0)
                    .trim());
            ticks.put(postmaster, cpuTicks(postmaster));
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path p : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        for (String line : Files.readAllLines(p.resolve("status"))) {
                            if (line.startsWith("PPid:") && Long.parseLong(line.substring(5).trim()) == postmaster) {
                                long pid = Long.parseLong(p.getFileName().toString());
                                ticks.put(pid, cpuTicks(pid));
                            }
                        }
                    } catch (IOException | NumberFormatException gone) {
                        // the process ended while listed
                    }
                }
            }
        } catch (IOException e) {
            // no /proc or no pid file: not measured
        }
        return ticks;
    }

    /** Each thread's scheduler counters (empty where /proc has no schedstat). */
    private static Map<Long, ThreadCounters> threadCounters(long pid) {
        Map<Long, ThreadCounters> counters = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String[] sched = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    String name = "?";
                    long involuntary = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("Name:")) {
                            name = line.substring(5).trim();
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary = Long.parseLong(line.replaceAll("\\D", ""));
                        }
                    }
                    counters.put(Long.parseLong(task.getFileName().toString()), new ThreadCounters(name,
                            Long.parseLong(sched[0]), Long.parseLong(sched[1]), involuntary));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while listed, or no schedstat
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return counters;
    }

    /** The thread that used the most CPU between two snapshots (a server's event loop), and how it was scheduled. */
    private static Scheduling busiest(Map<Long, ThreadCounters> start, Map<Long, ThreadCounters> end,
            double wallSeconds) {
        Scheduling best = Scheduling.UNKNOWN;
        long bestCpu = -1;
        for (Map.Entry<Long, ThreadCounters> e : end.entrySet()) {
            ThreadCounters before = start.get(e.getKey());
            if (before == null) {
                continue;
            }
            ThreadCounters after = e.getValue();
            long cpuNanos = after.cpuNanos() - before.cpuNanos();
            if (cpuNanos > bestCpu) {
                bestCpu = cpuNanos;
                best = new Scheduling(after.name(), cpuNanos / 1e7 / wallSeconds,
                        (after.waitNanos() - before.waitNanos()) / 1e7 / wallSeconds,
                        (after.involuntary() - before.involuntary()) / wallSeconds);
            }
        }
        return best;
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return 0;
    }

    private static void npmCi() throws IOException, InterruptedException {
        Npm.ci("npm", BENCH, "y-websocket", "bench", "--omit=optional");
    }
}
