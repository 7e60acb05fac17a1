package io.prdtool.audit.partition;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.audit.AuditConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the monthly partitions of activity_logs and audit_trails: the previous, current and {@code monthsAhead}
 * next months exist (the default partition only catches what falls outside), and partitions older than the
 * retention are detached (kept as {@code archived_<name>} for export) or dropped. Runs at startup and on the cron.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);
    public static final List<String> PARENTS = List.of("activity_logs", "audit_trails");
    private static final Pattern MONTHLY = Pattern.compile("(activity_logs|audit_trails)_(\\d{4})_(\\d{2})");

    @Inject
    Pool pool;

    @Inject
    AuditConfig config;

    void onStart(@Observes StartupEvent ev) {
        run().subscribe().with(n -> LOG.debugf("Partition maintenance done"),
                e -> LOG.errorf(e, "Partition maintenance failed at startup; the default partitions take the rows"));
    }

    @Scheduled(cron = "{prdtool.audit.partitions.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run();
    }

    /** Creates missing partitions, then applies retention. */
    public Uni<Void> run() {
        return ensureAhead(LocalDate.now(ZoneOffset.UTC)).chain(this::applyRetention);
    }

    /** Ensures partitions from the month before {@code today} to {@code monthsAhead} months after it. */
    public Uni<Void> ensureAhead(LocalDate today) {
        LocalDate month = today.withDayOfMonth(1);
        List<Tuple> wanted = new ArrayList<>();
        int ahead = Math.max(3, config.partitions().monthsAhead());
        for (String parent : PARENTS) {
            for (int i = -1; i <= ahead; i++) {
                wanted.add(Tuple.of(parent, month.plusMonths(i)));
            }
        }
        // one at a time: each may move rows out of the default partition
        return Multi.createFrom().iterable(wanted)
                .onItem().transformToUniAndConcatenate(t -> pool.withTransaction(c -> c
                        .preparedQuery("SELECT audit_ensure_month_partition($1, $2)").execute(t)))
                .collect().last().replaceWithVoid();
    }

    /** Archives every monthly partition that ends before its parent's retention window. */
    public Uni<Void> applyRetention() {
        LocalDate thisMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        return pool.query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname IN ('activity_logs', 'audit_trails')"
                + " AND p.relnamespace = current_schema()::regnamespace").execute()
                .chain(rows -> {
                    List<Uni<Void>> archives = new ArrayList<>();
                    for (Row r : rows) {
                        Matcher m = MONTHLY.matcher(r.getString("relname"));
                        if (!m.matches()) {
                            continue;
                        }
                        String parent = m.group(1);
                        LocalDate start = LocalDate.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), 1);
                        int keep = parent.equals("audit_trails")
                                ? config.retention().trailMonths()
                                : config.retention().activityMonths();
                        if (start.plusMonths(1).isBefore(thisMonth.minusMonths(keep).plusDays(1))) {
                            archives.add(archive(parent, r.getString("relname"), start));
                        }
                    }
                    return archives.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : Multi.createFrom().iterable(archives).onItem().transformToUniAndConcatenate(u -> u)
                                    .collect().last().replaceWithVoid();
                })
                // the request context of activity rows (IP, user agent) goes with the activity log's retention
                .chain(() -> pool.preparedQuery("DELETE FROM activity_request_context WHERE captured_at < $1")
                        .execute(Tuple.of(thisMonth.minusMonths(config.retention().activityMonths())
                                .atStartOfDay().atOffset(ZoneOffset.UTC)))
                        .replaceWithVoid());
    }

    private Uni<Void> archive(String parent, String partition, LocalDate start) {
        boolean drop = "drop".equalsIgnoreCase(config.retention().mode());
        // names come from the catalog and match MONTHLY, so they are safe to splice into DDL
        String ddl = drop
                ? "DROP TABLE " + partition
                : "ALTER TABLE " + partition + " RENAME TO archived_" + partition;
        LOG.infof("Archiving partition %s (%s)", partition, drop ? "drop" : "detach");
        return pool.withTransaction(c -> c.query("ALTER TABLE " + parent + " DETACH PARTITION " + partition).execute()
                .chain(() -> c.query(ddl).execute())
                .chain(() -> c.preparedQuery("INSERT INTO audit_archives (partition_name, parent, range_start,"
                        + " range_end, mode) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                        .execute(Tuple.of(partition, parent, start.atStartOfDay().atOffset(ZoneOffset.UTC),
                                start.plusMonths(1).atStartOfDay().atOffset(ZoneOffset.UTC),
                                drop ? "drop" : "detach"))))
                .replaceWithVoid();
    }

    static String name(String parent, LocalDate month) {
        return parent + "_" + month.format(DateTimeFormatter.ofPattern("yyyy_MM"));
    }
}
