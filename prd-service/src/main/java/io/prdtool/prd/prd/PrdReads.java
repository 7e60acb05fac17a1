package io.prdtool.prd.prd;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.prd.access.OrgRole;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The hot read paths (GET of a PRD, the PRD list of a project) as read-only SQL on the reactive client: one
 * prepared statement and one round trip each, tenant check included, rows mapped straight to the API records (no
 * Hibernate session, no managed entities, no dirty-checking snapshot, no content hashing: the hash is the stored
 * {@code content_hash} column). {@code bench/get-prd.pgbench.sql} runs {@link #GET_SQL} for comparison.
 */
@ApplicationScoped
public class PrdReads {

    /** The PRD if the user is a member of its (active) organization: every role may read a PRD. */
    public static final String GET_SQL = "SELECT p.id, p.organization_id, p.project_id, p.title, p.slug, p.status,"
            + " p.current_version, p.content, p.content_hash, p.metadata::text AS metadata, p.template_id,"
            + " p.approver_ids, p.approved_by, p.approved_at, p.approved_content_hash, p.created_by, p.updated_by,"
            + " p.created_at, p.updated_at"
            + " FROM prds p"
            + " JOIN organization_members m ON m.organization_id = p.organization_id AND m.user_id = $2"
            + " JOIN organizations o ON o.id = p.organization_id AND o.is_active"
            + " WHERE p.id = $1";

    private static final String LIST_SQL = "SELECT m.role, p.id, p.title, p.slug, p.status, p.current_version,"
            + " p.template_id, p.created_by, p.created_at, p.updated_at"
            + " FROM projects j"
            + " JOIN organizations o ON o.id = j.organization_id AND o.is_active"
            + " JOIN organization_members m ON m.organization_id = j.organization_id AND m.user_id = $2"
            + " LEFT JOIN LATERAL (SELECT id, title, slug, status, current_version, template_id, created_by,"
            + " created_at, updated_at FROM prds WHERE project_id = j.id%s"
            + " ORDER BY updated_at DESC, id LIMIT $3 OFFSET $4) p ON true"
            + " WHERE j.id = $1";
    private static final String LIST_ALL_SQL = LIST_SQL.formatted("");
    private static final String LIST_BY_STATUS_SQL = LIST_SQL.formatted(" AND status = $5");

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;

    public PrdReads(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** The PRD as the API shows it, or null when it does not exist or the user is not a member of its organization. */
    public Uni<PrdApi.PrdView> get(UUID userId, UUID prdId) {
        return pool.preparedQuery(GET_SQL).execute(Tuple.of(prdId, userId))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    /** One page of a project's PRDs (newest first) with the caller's role, or null when the project is not visible. */
    public record ListPage(OrgRole role, List<PrdApi.PrdListItem> rows) {
    }

    /**
     * Up to {@code limit} PRDs of the project from {@code offset}, optionally of one status; null when the project
     * does not exist or the user is not a member of its (active) organization.
     */
    public Uni<ListPage> list(UUID userId, UUID projectId, String status, int offset, int limit) {
        Tuple args = Tuple.of(projectId, userId, limit, offset);
        if (status != null) {
            args.addString(status);
        }
        return pool.preparedQuery(status == null ? LIST_ALL_SQL : LIST_BY_STATUS_SQL).execute(args).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            OrgRole role = null;
            List<PrdApi.PrdListItem> items = new ArrayList<>(rows.size());
            for (Row r : rows) {
                role = OrgRole.fromDb(r.getString("role"));
                if (r.getUUID("id") != null) {
                    items.add(new PrdApi.PrdListItem(r.getUUID("id"), projectId, r.getString("title"),
                            r.getString("slug"), r.getString("status"), r.getString("current_version"),
                            r.getUUID("template_id"), r.getUUID("created_by"), instant(r, "created_at"),
                            instant(r, "updated_at")));
                }
            }
            return new ListPage(role, items);
        });
    }

    private PrdApi.PrdView view(Row r) {
        String status = r.getString("status");
        UUID approvedBy = r.getUUID("approved_by");
        PrdApi.Approval approval = approvedBy == null
                ? null
                : new PrdApi.Approval(approvedBy, instant(r, "approved_at"), r.getString("approved_content_hash"));
        UUID[] approvers = r.getArrayOfUUIDs("approver_ids");
        return new PrdApi.PrdView(r.getUUID("id"), r.getUUID("organization_id"), r.getUUID("project_id"),
                r.getString("title"), r.getString("slug"), status, PrdStatus.fromDb(status).nextWire(),
                r.getString("current_version"), r.getString("content"), r.getString("content_hash"),
                metadata(r.getString("metadata")), r.getUUID("template_id"),
                approvers == null ? List.of() : List.of(approvers), approval, r.getUUID("created_by"),
                r.getUUID("updated_by"), instant(r, "created_at"), instant(r, "updated_at"));
    }

    private Map<String, Object> metadata(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return json.readValue(text, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("prds.metadata is not a JSON object", e);
        }
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
