package io.prdtool.audit.summary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Refreshes user_activity_summary concurrently (its unique index allows it), so readers never wait. */
@ApplicationScoped
public class SummaryRefresher {

    @Inject
    Pool pool;

    @Scheduled(every = "{prdtool.audit.summary.refresh-every}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> refresh() {
        return pool.query("REFRESH MATERIALIZED VIEW CONCURRENTLY user_activity_summary").execute().replaceWithVoid();
    }
}
