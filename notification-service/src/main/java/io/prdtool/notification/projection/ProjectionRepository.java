package io.prdtool.notification.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.shared.events.org.OrgRole;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * notification-service's copy of what it needs from prd-service: users (email, name), who is a member of which
 * organization with which role, and each PRD's organization, owner, approvers, title and status. Written only from
 * prd-service's events; recipients are resolved from it alone.
 */
@ApplicationScoped
public class ProjectionRepository {

    /** A PRD as the projection knows it. */
    public record Prd(UUID id, UUID organizationId, String title, UUID createdBy, List<UUID> approverIds,
            String status, boolean deleted) {
    }

    /** A user who may receive a notification. */
    public record Recipient(UUID id, String email, String name) {
    }

    public Uni<Void> putUser(SqlClient c, UUID userId, String subject, String email, String name) {
        if (userId == null) {
            return Uni.createFrom().voidItem();
        }
        // a subject bound to another (older) row moves here: prd-service binds an invitation to the login
        return c.preparedQuery("UPDATE users SET subject = NULL WHERE subject = $1 AND id <> $2")
                .execute(Tuple.of(subject, userId))
                .chain(() -> c.preparedQuery("INSERT INTO users (id, subject, email, name) VALUES ($1, $2, $3, $4)"
                        + " ON CONFLICT (id) DO UPDATE SET subject = coalesce(excluded.subject, users.subject),"
                        + " email = coalesce(excluded.email, users.email), name = coalesce(excluded.name, users.name),"
                        + " updated_at = now()").execute(Tuple.of(userId, subject, email, name)))
                .replaceWithVoid();
    }

    public Uni<Void> renameUser(SqlClient c, UUID userId, String name) {
        return c.preparedQuery("INSERT INTO users (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE"
                + " SET name = coalesce(excluded.name, users.name), updated_at = now()")
                .execute(Tuple.of(userId, name)).replaceWithVoid();
    }

    public Uni<Void> putMember(SqlClient c, UUID organizationId, UUID userId, String subject, OrgRole role) {
        if (userId == null || role == null || organizationId == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("membership event without user or role"));
        }
        Uni<Void> bind = subject == null ? Uni.createFrom().voidItem() : putUser(c, userId, subject, null, null);
        return bind.chain(() -> c.preparedQuery("INSERT INTO org_members (organization_id, user_id, role)"
                + " VALUES ($1, $2, $3) ON CONFLICT (organization_id, user_id) DO UPDATE"
                + " SET role = excluded.role, updated_at = now()")
                .execute(Tuple.of(organizationId, userId, role.name().toLowerCase(Locale.ROOT))))
                .replaceWithVoid();
    }

    /**
     * A member left: the membership, their notifications from the organization and their watches on its PRDs go (the
     * user sees nothing more of it).
     */
    public Uni<Void> removeMember(SqlClient c, UUID organizationId, UUID userId) {
        return c.preparedQuery("DELETE FROM org_members WHERE organization_id = $1 AND user_id = $2")
                .execute(Tuple.of(organizationId, userId))
                .chain(() -> c.preparedQuery("DELETE FROM notifications WHERE organization_id = $1"
                        + " AND recipient_id = $2").execute(Tuple.of(organizationId, userId)))
                .chain(() -> c.preparedQuery("DELETE FROM prd_watchers w USING prds p WHERE p.id = w.prd_id"
                        + " AND p.organization_id = $1 AND w.user_id = $2").execute(Tuple.of(organizationId, userId)))
                .replaceWithVoid();
    }

    public Uni<Void> deleteOrganization(SqlClient c, UUID organizationId) {
        return c.preparedQuery("DELETE FROM org_members WHERE organization_id = $1").execute(Tuple.of(organizationId))
                .chain(() -> c.preparedQuery("DELETE FROM notifications WHERE organization_id = $1")
                        .execute(Tuple.of(organizationId)))
                .chain(() -> c.preparedQuery("DELETE FROM prd_watchers w USING prds p WHERE p.id = w.prd_id"
                        + " AND p.organization_id = $1").execute(Tuple.of(organizationId)))
                .chain(() -> c.preparedQuery("UPDATE prds SET deleted_at = now(), updated_at = now()"
                        + " WHERE organization_id = $1 AND deleted_at IS NULL").execute(Tuple.of(organizationId)))
                .replaceWithVoid();
    }

    /**
     * A PRD as prd-service described it ({@code createdBy} only from PrdCreated; {@code approverIds} null: unchanged).
     * A deleted PRD stays deleted whatever arrives later.
     */
    public Uni<Void> upsertPrd(SqlClient c, UUID prdId, UUID organizationId, UUID projectId, String title,
            UUID createdBy, List<UUID> approverIds, String status) {
        UUID[] approvers = approverIds == null ? null : approverIds.toArray(UUID[]::new);
        return c.preparedQuery("INSERT INTO prds (id, organization_id, project_id, title, created_by, approver_ids,"
                + " status) VALUES ($1, $2, $3, $4, $5, coalesce($6, '{}'::uuid[]), $7) ON CONFLICT (id) DO UPDATE SET"
                + " project_id = coalesce(excluded.project_id, prds.project_id),"
                + " title = coalesce($4, prds.title), created_by = coalesce(prds.created_by, $5),"
                + " approver_ids = coalesce($6, prds.approver_ids), status = coalesce($7, prds.status),"
                + " updated_at = now()")
                .execute(Tuple.from(new Object[]{prdId, organizationId, projectId, title, createdBy, approvers,
                        status}))
                .replaceWithVoid();
    }

    /** Everything notification-service holds about a deleted PRD goes; the projection keeps a tombstone. */
    public Uni<Void> deletePrd(SqlClient c, UUID prdId, UUID organizationId) {
        return c.preparedQuery("INSERT INTO prds (id, organization_id, deleted_at) VALUES ($1, $2, now())"
                + " ON CONFLICT (id) DO UPDATE SET deleted_at = now(), updated_at = now()")
                .execute(Tuple.of(prdId, organizationId))
                .chain(() -> c.preparedQuery("DELETE FROM notifications WHERE prd_id = $1").execute(Tuple.of(prdId)))
                .chain(() -> c.preparedQuery("DELETE FROM prd_watchers WHERE prd_id = $1").execute(Tuple.of(prdId)))
                .chain(() -> c.preparedQuery("DELETE FROM prd_mentions WHERE prd_id = $1").execute(Tuple.of(prdId)))
                .replaceWithVoid();
    }

    public Uni<Prd> prd(SqlClient c, UUID prdId) {
        return c.preparedQuery("SELECT id, organization_id, title, created_by, approver_ids, status,"
                + " deleted_at IS NOT NULL AS deleted FROM prds WHERE id = $1").execute(Tuple.of(prdId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    UUID[] approvers = r.getArrayOfUUIDs("approver_ids");
                    return new Prd(r.getUUID("id"), r.getUUID("organization_id"), r.getString("title"),
                            r.getUUID("created_by"), approvers == null ? List.of() : List.of(approvers),
                            r.getString("status"), r.getBoolean("deleted"));
                });
    }

    /** The owners and admins of an organization. */
    public Uni<List<UUID>> administrators(SqlClient c, UUID organizationId) {
        return c.preparedQuery("SELECT user_id FROM org_members WHERE organization_id = $1"
                + " AND role IN ('owner', 'admin') ORDER BY user_id").execute(Tuple.of(organizationId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("user_id")));
                    return ids;
                });
    }

    /** Of {@code userIds}, those who are members of the organization (any role). */
    public Uni<List<UUID>> members(SqlClient c, UUID organizationId, List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return c.preparedQuery("SELECT user_id FROM org_members WHERE organization_id = $1 AND user_id = ANY($2)")
                .execute(Tuple.of(organizationId, userIds.toArray(UUID[]::new)))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("user_id")));
                    return ids;
                });
    }

    /** Members of the organization whose email is one of {@code emails} (case-insensitive). */
    public Uni<List<UUID>> membersByEmail(SqlClient c, UUID organizationId, List<String> emails) {
        if (emails.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return c.preparedQuery("SELECT m.user_id FROM org_members m JOIN users u ON u.id = m.user_id"
                + " WHERE m.organization_id = $1 AND lower(u.email) = ANY($2)")
                .execute(Tuple.of(organizationId, emails.stream().map(e -> e.toLowerCase(Locale.ROOT))
                        .toArray(String[]::new)))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("user_id")));
                    return ids;
                });
    }

    /** The user id behind a token subject, or null if the projection has not seen the user yet. */
    public Uni<UUID> userIdBySubject(SqlClient c, String subject) {
        return c.preparedQuery("SELECT id FROM users WHERE subject = $1").execute(Tuple.of(subject))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
    }

    public Uni<Recipient> recipient(SqlClient c, UUID userId) {
        return c.preparedQuery("SELECT id, email, name FROM users WHERE id = $1").execute(Tuple.of(userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Recipient(userId, null, null);
                    }
                    Row r = rows.iterator().next();
                    return new Recipient(userId, r.getString("email"), r.getString("name"));
                });
    }

    /** A member's role in the organization, or null. */
    public Uni<OrgRole> role(SqlClient c, UUID organizationId, UUID userId) {
        return c.preparedQuery("SELECT role FROM org_members WHERE organization_id = $1 AND user_id = $2")
                .execute(Tuple.of(organizationId, userId))
                .map(rows -> rows.size() == 0
                        ? null
                        : OrgRole.valueOf(rows.iterator().next().getString("role").toUpperCase(Locale.ROOT)));
    }
}
