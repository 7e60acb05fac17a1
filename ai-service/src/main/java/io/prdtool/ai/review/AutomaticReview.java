package io.prdtool.ai.review;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.ai.AiConfig;
import io.prdtool.ai.action.Action;
import io.prdtool.ai.settings.SettingsRepository;
import io.prdtool.shared.tx.ActorContext;
import io.prdtool.shared.tx.Tx;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reviews PRDs automatically when their content changes: collab-service's content events fill
 * {@code ai_review_queue}; a PRD is reviewed once its content has been quiet for {@code review.quiet-period}, or at the
 * latest {@code review.max-delay} after its first unreviewed change. Each PRD is claimed with a row lock (several
 * instances share the queue), reviewed and cleared in one transaction. Organizations that turned AI or the review off
 * are skipped, and so are deleted PRDs.
 */
@ApplicationScoped
public class AutomaticReview {

    private static final Logger LOG = Logger.getLogger(AutomaticReview.class);

    private static final String DUE = "SELECT prd_id FROM ai_review_queue WHERE content IS NOT NULL"
            + " AND (last_seen_at < now() - make_interval(secs => $1) OR pending_since < now() - make_interval(secs => $2))"
            + " ORDER BY pending_since LIMIT 20";
    private static final String CLAIM = "SELECT q.organization_id, q.content, q.revision,"
            + " coalesce(p.deleted_at IS NOT NULL, false) AS deleted FROM ai_review_queue q"
            + " LEFT JOIN prds p ON p.id = q.prd_id WHERE q.prd_id = $1 AND q.content IS NOT NULL"
            + " FOR UPDATE OF q SKIP LOCKED";
    private static final String DONE = "UPDATE ai_review_queue SET content = NULL, pending_since = NULL,"
            + " reviewed_revision = $2 WHERE prd_id = $1";

    @Inject
    AiConfig config;

    @Inject
    Tx tx;

    @Inject
    SettingsRepository settings;

    @Inject
    ReviewService reviews;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Scheduled(every = "${prdtool.ai.review.poll-every}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reviewDue() {
        if (!config.review().automatic()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(DUE).execute(Tuple.of((double) config.review().quietPeriod().toMillis() / 1000,
                (double) config.review().maxDelay().toMillis() / 1000))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> reviewOne(row.getUUID("prd_id"))
                        .onFailure().invoke(f -> LOG.warnf(f, "Automatic review of PRD %s failed",
                                row.getUUID("prd_id")))
                        .onFailure().recoverWithNull())
                .collect().last()
                .onFailure().invoke(f -> LOG.warnf("Automatic reviews skipped this round: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Reviews one queued PRD if no other instance holds it. */
    Uni<Void> reviewOne(UUID prdId) {
        return tx.writeWithConnectionAs(ActorContext.system("ai-service"), null, c -> c.preparedQuery(CLAIM)
                .execute(Tuple.of(prdId)).chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().voidItem(); // another instance has it, or it was just done
                    }
                    Row r = rows.iterator().next();
                    UUID org = r.getUUID("organization_id");
                    long revision = r.getLong("revision");
                    Uni<Void> done = c.preparedQuery(DONE).execute(Tuple.of(prdId, revision)).replaceWithVoid();
                    if (r.getBoolean("deleted")) {
                        return done;
                    }
                    return settings.settings(c, org).chain(s -> {
                        if (!s.allows(Action.REVIEW)) {
                            return done;
                        }
                        return reviews.review(c, org, prdId, r.getString("content"), s, "content_changed", null)
                                .chain(() -> done);
                    });
                }));
    }
}
