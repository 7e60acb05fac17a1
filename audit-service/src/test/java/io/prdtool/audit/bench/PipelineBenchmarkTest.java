package io.prdtool.audit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.prdtool.audit.support.AuditTestBase;
import io.prdtool.audit.support.Happened;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Outbox → relay → Kafka → audit-service (inbox + activity log) on this machine. Not a pass/fail test: it reports
 * numbers to stdout and {@code target/benchmark.txt}. Run: {@code audit-service/bench/run.sh}.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@Tag("benchmark")
class PipelineBenchmarkTest extends AuditTestBase {

    private static final int BACKLOG = Integer.getInteger("bench.backlog", 20_000);
    private static final int RATE = Integer.getInteger("bench.rate", 1_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int PER_TX = 10;

    @Test
    void throughputAndLag() throws IOException {
        List<String> report = new ArrayList<>();
        report.add(throughput());
        report.add(lagAtFixedRate());
        String text = String.join("\n", report);
        System.out.println("\n===== pipeline benchmark =====\n" + text + "\n==============================");
        Files.writeString(Path.of("target", "benchmark.txt"), text + "\n");
    }

    /** A backlog committed while the relay is paused, then drained: events/s end to end and for the relay alone. */
    private String throughput() {
        UUID org = UUID.randomUUID();
        relayRunner.pause();
        try {
            List<Happened> batch = new ArrayList<>();
            for (int i = 0; i < BACKLOG; i++) {
                batch.add(Happened.prd(UUID.randomUUID(), org, "PrdUpdated", i));
                if (batch.size() == 500) {
                    commit(ALICE_AT_HOME, org, batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                commit(ALICE_AT_HOME, org, batch);
            }
        } finally {
            relayRunner.resume();
        }
        long start = System.nanoTime();
        long relayed = 0;
        while (activityOf(org) < BACKLOG) {
            if (relayed == 0 && unsentOf(org) == 0) {
                relayed = System.nanoTime();
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                throw new AssertionError("backlog not drained in 10 minutes");
            }
        }
        long end = System.nanoTime();
        if (relayed == 0) {
            relayed = end;
        }
        return String.format(Locale.ROOT,
                "throughput: %d events drained in %.2f s = %.0f events/s end to end (outbox -> Kafka -> audit applied);"
                        + " relay alone %.0f events/s",
                BACKLOG, (end - start) / 1e9, BACKLOG / ((end - start) / 1e9), BACKLOG / ((relayed - start) / 1e9));
    }

    /** Events committed at a steady rate; lag = applied in audit-service (received_at) minus written (event time). */
    private String lagAtFixedRate() {
        UUID org = UUID.randomUUID();
        int total = RATE * SECONDS;
        long intervalNanos = Duration.ofSeconds(1).toNanos() * PER_TX / RATE;
        long start = System.nanoTime();
        int committed = 0;
        for (long next = start; committed < total; next += intervalNanos) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            List<Happened> batch = new ArrayList<>(PER_TX);
            for (int i = 0; i < PER_TX; i++) {
                batch.add(Happened.prd(UUID.randomUUID(), org, "PrdUpdated", committed + i));
            }
            commit(ALICE_AT_HOME, org, batch);
            committed += PER_TX;
        }
        double achieved = committed / ((System.nanoTime() - start) / 1e9);
        awaitActivity(org, total);
        Row r = join(pool.preparedQuery("SELECT"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms) AS p50,"
                + " percentile_cont(0.99) WITHIN GROUP (ORDER BY lag_ms) AS p99, max(lag_ms) AS max"
                + " FROM (SELECT extract(epoch FROM received_at - created_at) * 1000 AS lag_ms FROM activity_logs"
                + " WHERE organization_id = $1) l").execute(Tuple.of(org))).iterator().next();
        return String.format(Locale.ROOT,
                "lag at %d events/s offered (%.0f achieved, %d events in transactions of %d): p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms",
                RATE, achieved, total, PER_TX, r.getDouble("p50"), r.getDouble("p99"), r.getDouble("max"));
    }
}
