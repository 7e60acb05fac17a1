package io.prdtool.ai.review;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.shared.events.collab.PrdContentChanged;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Keeps each PRD's latest collaborative content until the automatic review has seen it. */
@ApplicationScoped
public class ReviewQueue {

    private static final String ENQUEUE = "INSERT INTO ai_review_queue (prd_id, organization_id, content, content_hash,"
            + " revision, pending_since, last_seen_at) VALUES ($1, $2, $3, $4, $5, now(), now())"
            + " ON CONFLICT (prd_id) DO UPDATE SET content = excluded.content, content_hash = excluded.content_hash,"
            + " revision = excluded.revision, last_seen_at = now(),"
            + " pending_since = coalesce(ai_review_queue.pending_since, now())"
            + " WHERE excluded.revision > ai_review_queue.revision";

    public Uni<Void> enqueue(SqlClient c, PrdContentChanged e) {
        return c.preparedQuery(ENQUEUE).execute(Tuple.of(e.prdId(), e.organizationId(), e.content(),
                e.contentHash(), e.revision())).replaceWithVoid();
    }
}
