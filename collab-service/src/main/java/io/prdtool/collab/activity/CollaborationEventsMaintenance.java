package io.prdtool.collab.activity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.collab.config.CollabConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps {@code collaboration_events} healthy: monthly RANGE partitions created ahead of time (rows that landed in the
 * default partition for such a month move into it), and events older than the retention moved to
 * {@code collaboration_events_archive} in one transaction (copied and deleted together, idempotent on retry).
 */
@ApplicationScoped
public class CollaborationEventsMaintenance {

    private static final Logger LOG = Logger.getLogger(CollaborationEventsMaintenance.class);

    static final String ARCHIVE = "WITH moved AS (DELETE FROM collaboration_events"
            + " WHERE created_at < now() - make_interval(months => $1) RETURNING *)"
            + " INSERT INTO collaboration_events_archive (id, prd_id, user_subject, event_type, event_data, created_at)"
            + " SELECT id, prd_id, user_subject, event_type, event_data, created_at FROM moved"
            + " ON CONFLICT (id, created_at) DO NOTHING";

    @Inject
    Pool pool;

    @Inject
    CollabConfig config;

    void onStart(@Observes StartupEvent ev) {
        ensurePartitions().subscribe().with(n -> {
        }, f -> LOG.warnf("Creating collaboration_events partitions failed: %s", f.getMessage()));
    }

    @Scheduled(cron = "${prdtool.collab.collaboration-events.maintenance-cron:0 17 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> maintain() {
        return ensurePartitions().chain(this::archive).replaceWithVoid();
    }

    /** Creates the missing monthly partitions up to {@code months-ahead}; emits how many it created. */
    public Uni<Integer> ensurePartitions() {
        return ensurePartitions(config.collaborationEvents().monthsAhead());
    }

    public Uni<Integer> ensurePartitions(int monthsAhead) {
        // one creator at a time across instances
        return pool.withTransaction(c -> c.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('collab.partitions'))")
                .execute()
                .chain(() -> c.preparedQuery("SELECT ensure_collaboration_event_partitions($1)")
                        .execute(Tuple.of(monthsAhead)))
                .map(rows -> rows.iterator().next().getInteger(0)));
    }

    /** Moves events older than the retention to the archive; emits how many moved. */
    public Uni<Integer> archive() {
        return pool.withTransaction(c -> c.preparedQuery(ARCHIVE)
                .execute(Tuple.of(config.collaborationEvents().archiveAfterMonths()))
                .map(rows -> rows.rowCount()))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Archived %d collaboration events", n);
                    }
                });
    }
}
