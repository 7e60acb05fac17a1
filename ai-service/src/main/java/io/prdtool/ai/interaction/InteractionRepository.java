package io.prdtool.ai.interaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.ai.db.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads and writes {@code ai_interactions}. */
@ApplicationScoped
public class InteractionRepository {

    static final String COLUMNS = "id, organization_id, prd_id, user_subject, action, status, provider,"
            + " provider_source, model_requested, model_returned, prompt_template, prompt_version, prompt_tokens,"
            + " response_tokens, usage_estimated, max_output_tokens, finish_reason, time_to_first_token_ms,"
            + " duration_ms, error_code, error_message, cancel_reason, response, result::text AS result,"
            + " text_purged_at, created_at, completed_at";

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    /** A call about to be made (status pending; the lease bounds how long it may stay unfinished). */
    public record NewInteraction(UUID id, UUID organizationId, UUID prdId, UUID userId, String subject,
            String action, boolean streamed, String provider, String providerSource, String model, String template,
            int templateVersion, String params, String prompt, String promptHash, int reservedTokens,
            int maxOutputTokens, String idempotencyKey, long leaseSeconds) {
    }

    public Uni<Void> insert(SqlClient c, NewInteraction i) {
        return c.preparedQuery("INSERT INTO ai_interactions (id, organization_id, prd_id, user_id, user_subject,"
                + " action, status, streamed, provider, provider_source, model_requested, prompt_template,"
                + " prompt_version, params, prompt, prompt_hash, reserved_tokens, max_output_tokens, idempotency_key,"
                + " lease_until) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11, $12,"
                + " $13::text::jsonb, $14, $15, $16, $17, $18, now() + make_interval(secs => $19))")
                .execute(Tuple.from(new Object[]{i.id(), i.organizationId(), i.prdId(), i.userId(), i.subject(),
                        i.action(), i.streamed(), i.provider(), i.providerSource(), i.model(), i.template(),
                        i.templateVersion(), i.params(), i.prompt(), i.promptHash(), i.reservedTokens(),
                        i.maxOutputTokens(), i.idempotencyKey(), (double) i.leaseSeconds()}))
                .replaceWithVoid();
    }

    /** The first token arrived. */
    public Uni<Void> markStreaming(UUID id) {
        return pool
                .preparedQuery("UPDATE ai_interactions SET status = 'streaming' WHERE id = $1 AND status = 'pending'")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /** How a call ended. */
    public record Ending(String status, String modelReturned, String response, String result, int promptTokens,
            int responseTokens, boolean usageEstimated, String finishReason, String errorCode, String errorMessage,
            String cancelReason, Integer timeToFirstTokenMs, int durationMs) {
    }

    /**
     * Records the end of a running call; false when it had already ended (e.g. the reaper declared it failed), in
     * which case the caller must not settle it again.
     */
    public Uni<Boolean> finish(SqlClient c, UUID id, Ending e) {
        return c.preparedQuery("UPDATE ai_interactions SET status = $2, model_returned = $3, response = $4,"
                + " result = $5::text::jsonb, prompt_tokens = $6, response_tokens = $7, usage_estimated = $8,"
                + " finish_reason = $9, error_code = $10, error_message = $11, cancel_reason = $12,"
                + " time_to_first_token_ms = $13, duration_ms = $14, completed_at = now(), lease_until = NULL"
                + " WHERE id = $1 AND status IN ('pending', 'streaming')")
                .execute(Tuple.from(new Object[]{id, e.status(), e.modelReturned(), e.response(), e.result(),
                        e.promptTokens(), e.responseTokens(), e.usageEstimated(), e.finishReason(), e.errorCode(),
                        truncate(e.errorMessage()), e.cancelReason(), e.timeToFirstTokenMs(), e.durationMs()}))
                .map(rows -> rows.rowCount() > 0);
    }

    public Uni<Optional<InteractionView>> find(SqlClient c, UUID id) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM ai_interactions WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(view(rows.iterator().next())));
    }

    public Uni<Optional<InteractionView>> find(UUID id) {
        return find(pool, id);
    }

    public Uni<Optional<InteractionView>> byIdempotencyKey(SqlClient c, UUID organizationId, String subject,
            String key) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM ai_interactions WHERE organization_id = $1"
                + " AND user_subject = $2 AND idempotency_key = $3").execute(Tuple.of(organizationId, subject, key))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(view(rows.iterator().next())));
    }

    /** A page of a PRD's interactions, newest first; {@code subject} null = everyone's. */
    public Uni<List<InteractionView>> list(UUID prdId, String subject, int offset, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ai_interactions WHERE prd_id = $1"
                + " AND ($2::text IS NULL OR user_subject = $2) ORDER BY created_at DESC, id DESC OFFSET $3 LIMIT $4")
                .execute(Tuple.of(prdId, subject, offset, limit + 1)).map(this::views);
    }

    /** Asks whichever instance runs the call to stop it (it listens on {@code ai_interaction_cancel}). */
    public Uni<Boolean> requestCancel(UUID id) {
        return pool.withTransaction(c -> c.preparedQuery("UPDATE ai_interactions SET cancel_requested_at = now()"
                + " WHERE id = $1 AND status IN ('pending', 'streaming')").execute(Tuple.of(id))
                .chain(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().item(false)
                        : c.preparedQuery("SELECT pg_notify('" + CancelSignals.CHANNEL + "', $1)")
                                .execute(Tuple.of(id.toString())).replaceWith(true)));
    }

    /** Of {@code ids}, those whose cancellation was requested. */
    public Uni<List<UUID>> cancelRequested(List<UUID> ids) {
        return pool.preparedQuery("SELECT id FROM ai_interactions WHERE id = ANY($1)"
                + " AND cancel_requested_at IS NOT NULL AND status IN ('pending', 'streaming')")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID("id")));
                    return out;
                });
    }

    List<InteractionView> views(RowSet<Row> rows) {
        List<InteractionView> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(view(r));
        }
        return out;
    }

    InteractionView view(Row r) {
        return new InteractionView(r.getUUID("id"), r.getUUID("organization_id"), r.getUUID("prd_id"),
                r.getString("user_subject"), r.getString("action"), r.getString("status"), r.getString("provider"),
                r.getString("provider_source"), r.getString("model_requested"), r.getString("model_returned"),
                r.getString("prompt_template") + "/v" + r.getInteger("prompt_version"), r.getInteger("prompt_tokens"),
                r.getInteger("response_tokens"), r.getBoolean("usage_estimated"), r.getInteger("max_output_tokens"),
                r.getString("finish_reason"), r.getInteger("time_to_first_token_ms"), r.getInteger("duration_ms"),
                r.getString("error_code"), r.getString("error_message"), r.getString("cancel_reason"),
                r.getString("response"), Rows.json(mapper, r.getString("result")),
                r.getOffsetDateTime("text_purged_at") != null,
                Rows.instant(r, "created_at"), Rows.instant(r, "completed_at"), List.of());
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
