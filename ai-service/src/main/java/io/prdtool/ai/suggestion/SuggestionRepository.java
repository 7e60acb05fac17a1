package io.prdtool.ai.suggestion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.ai.db.Rows;
import io.prdtool.ai.text.TextAnchor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads and writes {@code ai_suggestions}. */
@ApplicationScoped
public class SuggestionRepository {

    public static final String COLUMNS = "id, organization_id, prd_id, interaction_id, critique_id, suggestion_type, source,"
            + " status, anchor::text AS anchor, suggested_text, metadata::text AS metadata, content_hash, created_by,"
            + " accepted_by, accepted_by_subject, accepted_at, applied_update_id, rejected_by, rejected_by_subject,"
            + " rejected_at, stale_reason, created_at, updated_at";

    private static final String INSERT = "INSERT INTO ai_suggestions (id, organization_id, prd_id, interaction_id,"
            + " critique_id, suggestion_type, source, anchor, suggested_text, metadata, finding_key, content_hash,"
            + " created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10::text::jsonb, $11, $12, $13)"
            + " RETURNING " + COLUMNS;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    /** A suggestion to store. */
    public record NewSuggestion(UUID id, UUID organizationId, UUID prdId, UUID interactionId, UUID critiqueId,
            String type, String source, TextAnchor anchor, String suggestedText, JsonNode metadata, String findingKey,
            String contentHash, String createdBy) {
    }

    public Uni<SuggestionView> insert(SqlClient c, NewSuggestion s) {
        return c.preparedQuery(INSERT).execute(Tuple.from(new Object[]{s.id(), s.organizationId(), s.prdId(),
                s.interactionId(), s.critiqueId(), s.type(), s.source(), anchorJson(s.anchor()), s.suggestedText(),
                s.metadata() == null ? "{}" : s.metadata().toString(), s.findingKey(), s.contentHash(),
                s.createdBy()})).map(rows -> view(rows.iterator().next()));
    }

    public Uni<Optional<SuggestionView>> find(SqlClient c, UUID prdId, UUID id, boolean forUpdate) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM ai_suggestions WHERE id = $1 AND prd_id = $2"
                + (forUpdate ? " FOR UPDATE" : ""))
                .execute(Tuple.of(id, prdId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(view(rows.iterator().next())));
    }

    public Uni<Optional<SuggestionView>> find(UUID prdId, UUID id) {
        return find(pool, prdId, id, false);
    }

    /** A page of a PRD's suggestions, newest first, optionally of one status, type and source. */
    public Uni<List<SuggestionView>> list(UUID prdId, String status, String type, String source, int offset,
            int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ai_suggestions WHERE prd_id = $1"
                + " AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR suggestion_type = $3)"
                + " AND ($4::text IS NULL OR source = $4)"
                + " ORDER BY created_at DESC, id DESC OFFSET $5 LIMIT $6")
                .execute(Tuple.from(new Object[]{prdId, status, type, source, offset, limit + 1}))
                .map(this::views);
    }

    public Uni<List<SuggestionView>> ofInteraction(SqlClient c, UUID interactionId) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM ai_suggestions WHERE interaction_id = $1"
                + " ORDER BY created_at, id").execute(Tuple.of(interactionId)).map(this::views);
    }

    public Uni<SuggestionView> markAccepted(SqlClient c, UUID id, UUID userId, String subject, Long updateId) {
        return c.preparedQuery("UPDATE ai_suggestions SET status = 'accepted', accepted_by = $2,"
                + " accepted_by_subject = $3, accepted_at = now(), applied_update_id = $4 WHERE id = $1 RETURNING "
                + COLUMNS).execute(Tuple.of(id, userId, subject, updateId))
                .map(rows -> view(rows.iterator().next()));
    }

    public Uni<SuggestionView> markRejected(SqlClient c, UUID id, UUID userId, String subject) {
        return c.preparedQuery("UPDATE ai_suggestions SET status = 'rejected', rejected_by = $2,"
                + " rejected_by_subject = $3, rejected_at = now() WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, userId, subject)).map(rows -> view(rows.iterator().next()));
    }

    public Uni<SuggestionView> markStale(SqlClient c, UUID id, String reason) {
        return c.preparedQuery("UPDATE ai_suggestions SET status = 'stale', stale_reason = $2 WHERE id = $1"
                + " RETURNING " + COLUMNS).execute(Tuple.of(id, reason)).map(rows -> view(rows.iterator().next()));
    }

    List<SuggestionView> views(RowSet<Row> rows) {
        List<SuggestionView> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(view(r));
        }
        return out;
    }

    public SuggestionView view(Row r) {
        JsonNode anchor = Rows.json(mapper, r.getString("anchor"));
        String original = anchor == null || anchor.get("exact") == null ? null : anchor.get("exact").asText();
        return new SuggestionView(r.getUUID("id"), r.getUUID("organization_id"), r.getUUID("prd_id"),
                r.getUUID("interaction_id"), r.getUUID("critique_id"), r.getString("suggestion_type"),
                r.getString("source"), r.getString("status"), anchor, original, r.getString("suggested_text"),
                Rows.json(mapper, r.getString("metadata")), r.getString("content_hash"), r.getString("created_by"),
                r.getUUID("accepted_by"), r.getString("accepted_by_subject"), Rows.instant(r, "accepted_at"),
                r.getLong("applied_update_id"), r.getUUID("rejected_by"), r.getString("rejected_by_subject"),
                Rows.instant(r, "rejected_at"), r.getString("stale_reason"), Rows.instant(r, "created_at"),
                Rows.instant(r, "updated_at"));
    }

    /** The anchor as stored: the W3C TextQuoteSelector fields plus the position hint. */
    public static String anchorJson(TextAnchor anchor) {
        if (anchor == null) {
            return null;
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("exact", anchor.exact()).put("prefix", anchor.prefix()).put("suffix", anchor.suffix()).put("start",
                anchor.start());
        return n.toString();
    }

    public static TextAnchor anchor(JsonNode json) {
        if (json == null || json.isNull()) {
            return null;
        }
        return new TextAnchor(json.path("exact").asText(""), json.path("prefix").asText(""),
                json.path("suffix").asText(""), json.path("start").asInt(0));
    }
}
