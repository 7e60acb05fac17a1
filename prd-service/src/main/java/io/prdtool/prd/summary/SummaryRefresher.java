package io.prdtool.prd.summary;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Refreshes the prd_summaries materialized view without blocking readers (CONCURRENTLY, which needs the view's
 * unique index). Several instances may run it: PostgreSQL serializes concurrent refreshes, and an instance skips a
 * run while its previous one is still going.
 */
@ApplicationScoped
public class SummaryRefresher {

    private static final Logger LOG = Logger.getLogger(SummaryRefresher.class);

    private final Pool pool;

    public SummaryRefresher(Pool pool) {
        this.pool = pool;
    }

    @Scheduled(every = "${prdtool.summaries.refresh-every:5m}", delayed = "${prdtool.summaries.refresh-delay:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh().onFailure().recoverWithUni(e -> {
            LOG.warnf(e, "Refreshing prd_summaries failed; the next run retries");
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<Void> refresh() {
        return pool.query("REFRESH MATERIALIZED VIEW CONCURRENTLY prd_summaries").execute().replaceWithVoid();
    }
}
