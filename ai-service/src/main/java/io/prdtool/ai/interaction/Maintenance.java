package io.prdtool.ai.interaction;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.ai.AiConfig;
import io.prdtool.ai.quota.Quotas;
import io.prdtool.shared.events.ai.AiInteractionFailed;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.tx.ActorContext;
import io.prdtool.shared.tx.Tx;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Housekeeping of recorded calls. <b>Reaper</b>: a call whose instance died mid-answer stays pending or streaming
 * until its lease (total timeout plus a margin) runs out; it is then recorded as failed, its reservation released and
 * {@code AiInteractionFailed} published, so every started call ends exactly once. <b>Retention</b>: prompt, answer
 * and result text older than the organization's retention (or the deployment default) is erased; token counts,
 * timings and outcomes stay for usage reports.
 */
@ApplicationScoped
public class Maintenance {

    private static final Logger LOG = Logger.getLogger(Maintenance.class);

    private static final String EXPIRED = "SELECT id FROM ai_interactions WHERE status IN ('pending', 'streaming')"
            + " AND lease_until < now() ORDER BY lease_until LIMIT 100";
    private static final String REAP = "UPDATE ai_interactions SET status = 'failed', error_code = 'internal',"
            + " error_message = 'the service stopped while this answer was being generated', completed_at = now(),"
            + " lease_until = NULL, prompt_tokens = coalesce(prompt_tokens, 0), response_tokens ="
            + " coalesce(response_tokens, 0), duration_ms = (extract(epoch FROM now() - created_at) * 1000)::int"
            + " WHERE id = $1 AND status IN ('pending', 'streaming') AND lease_until < now()"
            + " RETURNING organization_id, prd_id, user_id, user_subject, action, provider, model_requested,"
            + " reserved_tokens, created_at, duration_ms";
    private static final String PURGE = "UPDATE ai_interactions i SET prompt = NULL, response = NULL, result = NULL,"
            + " text_purged_at = now() FROM (SELECT a.id FROM ai_interactions a"
            + " LEFT JOIN ai_org_settings s ON s.organization_id = a.organization_id"
            + " WHERE a.text_purged_at IS NULL AND (a.prompt IS NOT NULL OR a.response IS NOT NULL)"
            + " AND a.status NOT IN ('pending', 'streaming')"
            + " AND a.created_at < now() - make_interval(days => coalesce(s.prompt_retention_days, $1))"
            + " LIMIT 1000) due WHERE i.id = due.id";

    @Inject
    Pool pool;

    @Inject
    Tx tx;

    @Inject
    Quotas quotas;

    @Inject
    Outbox outbox;

    @Inject
    AiConfig config;

    @Scheduled(every = "30s", delayed = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reapExpired() {
        return pool.query(EXPIRED).execute()
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> reap(row.getUUID("id")).onFailure()
                        .invoke(f -> LOG.warnf("Could not reap interaction %s: %s", row.getUUID("id"),
                                f.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().last()
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Records one expired call as failed (if it still is running); public for operators and tests. */
    public Uni<Void> reap(UUID id) {
        return tx.writeWithConnectionAs(ActorContext.system("ai-service"), null, c -> c.preparedQuery(REAP)
                .execute(Tuple.of(id)).chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Row r = rows.iterator().next();
                    UUID org = r.getUUID("organization_id");
                    LOG.warnf("Interaction %s never ended (its instance stopped); recorded as failed", id);
                    return quotas.settle(c, org, Quotas.period(r.getOffsetDateTime("created_at")),
                            r.getInteger("reserved_tokens"), 0)
                            .chain(() -> outbox.append(c, new AiInteractionFailed(id, org, r.getUUID("prd_id"),
                                    r.getUUID("user_id"), r.getString("user_subject"), r.getString("action"),
                                    r.getString("provider"), r.getString("model_requested"), "internal",
                                    "the service stopped while this answer was being generated", 0, 0, false,
                                    r.getInteger("duration_ms"), Instant.now())));
                }));
    }

    @Scheduled(every = "${prdtool.ai.retention.purge-every}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeText() {
        return pool.preparedQuery(PURGE).execute(Tuple.of(config.retention().defaultDays()))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.infof("Erased the prompt and answer text of %d interactions past their retention",
                                rows.rowCount());
                    }
                })
                .onFailure().invoke(f -> LOG.warnf("Retention purge failed: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** For tests and operators: purge now. */
    public Uni<Integer> purgeNow() {
        return pool.preparedQuery(PURGE).execute(Tuple.of(config.retention().defaultDays())).map(r -> r.rowCount());
    }
}
