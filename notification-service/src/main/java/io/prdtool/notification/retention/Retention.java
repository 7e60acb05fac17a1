package io.prdtool.notification.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.notification.NotificationConfig;
import io.prdtool.notification.stream.StreamTickets;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deletes old rows in batches (one short statement each, so no long lock): read notifications after
 * {@code retention.read}, every notification after {@code retention.all} (their deliveries go with them), the
 * delivery log and finished digests after {@code retention.deliveries}, and expired stream tickets. A deleted PRD's
 * rows go at once when its PrdDeleted arrives (see the projection).
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    @Inject
    Pool pool;

    @Inject
    NotificationConfig config;

    @Inject
    StreamTickets tickets;

    /** What one run deleted. */
    public record Purged(long readNotifications, long oldNotifications, long deliveries, long digests) {
    }

    @Scheduled(every = "${prdtool.notification.retention.every}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge().invoke(p -> {
            if (p.readNotifications() + p.oldNotifications() + p.deliveries() + p.digests() > 0) {
                LOG.infof("Retention deleted %s", p);
            }
        }).onFailure().invoke(f -> LOG.warnf("Retention run failed: %s", f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<Purged> purge() {
        var r = config.retention();
        return batches("DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE read_at IS NOT NULL"
                + " AND read_at < now() - make_interval(secs => $1) LIMIT $2)", seconds(r.read()))
                .chain(read -> batches("DELETE FROM notifications WHERE id IN (SELECT id FROM notifications"
                        + " WHERE created_at < now() - make_interval(secs => $1) LIMIT $2)", seconds(r.all()))
                        .chain(all -> batches("DELETE FROM notification_deliveries WHERE (notification_id, channel)"
                                + " IN (SELECT notification_id, channel FROM notification_deliveries WHERE created_at"
                                + " < now() - make_interval(secs => $1) AND status NOT IN ('pending', 'sending',"
                                + " 'failed', 'held') LIMIT $2)", seconds(r.deliveries()))
                                .chain(del -> batches("DELETE FROM notification_digests WHERE id IN (SELECT id"
                                        + " FROM notification_digests WHERE created_at < now()"
                                        + " - make_interval(secs => $1) AND status IN ('sent', 'skipped', 'dead')"
                                        + " LIMIT $2)", seconds(r.deliveries()))
                                        .map(dig -> new Purged(read, all, del, dig)))))
                .call(() -> tickets.purgeExpired());
    }

    /** Runs the batched delete until a batch deletes fewer rows than the batch size. */
    private Uni<Long> batches(String sql, double ageSeconds) {
        int size = config.retention().batchSize();
        return pool.preparedQuery(sql).execute(Tuple.of(ageSeconds, size)).map(rows -> (long) rows.rowCount())
                .chain(n -> n < size
                        ? Uni.createFrom().item(n)
                        : batches(sql, ageSeconds).map(more -> more + n));
    }

    private static double seconds(java.time.Duration d) {
        return d.toMillis() / 1000.0;
    }
}
