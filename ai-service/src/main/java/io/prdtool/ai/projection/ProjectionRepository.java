package io.prdtool.ai.projection;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.shared.events.org.OrgRole;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * ai-service's copy of what it needs from prd-service: organizations (and their subscription tier), who is a member
 * with which role, which PRD belongs to which organization, and each template's required sections. Written only from
 * prd-service's events (and, for a PRD the events have not brought yet, from prd-service's own answer to the user).
 */
@ApplicationScoped
public class ProjectionRepository {

    public Uni<Void> upsertOrganization(SqlClient c, UUID organizationId, String tier) {
        return c.preparedQuery("INSERT INTO organizations (id, subscription_tier) VALUES ($1, coalesce($2, 'free'))"
                + " ON CONFLICT (id) DO UPDATE SET subscription_tier = coalesce($2, organizations.subscription_tier),"
                + " deleted_at = NULL, updated_at = now()")
                .execute(Tuple.of(organizationId, tier)).replaceWithVoid();
    }

    public Uni<Void> deleteOrganization(SqlClient c, UUID organizationId) {
        return c.preparedQuery("INSERT INTO organizations (id, deleted_at) VALUES ($1, now())"
                + " ON CONFLICT (id) DO UPDATE SET deleted_at = now(), updated_at = now()")
                .execute(Tuple.of(organizationId))
                .chain(() -> c.preparedQuery("DELETE FROM org_members WHERE organization_id = $1")
                        .execute(Tuple.of(organizationId)))
                .chain(() -> c.preparedQuery("UPDATE prds SET deleted_at = now(), updated_at = now()"
                        + " WHERE organization_id = $1 AND deleted_at IS NULL").execute(Tuple.of(organizationId)))
                .replaceWithVoid();
    }

    /** A membership; {@code subject} may be null for an invited user who has not logged in yet. */
    public Uni<Void> putMember(SqlClient c, UUID organizationId, String subject, UUID userId, OrgRole role) {
        if (userId == null || role == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("membership event without user or role"));
        }
        return c.preparedQuery("INSERT INTO organizations (id) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(organizationId))
                .chain(() -> c.preparedQuery("INSERT INTO org_members (organization_id, user_id, subject, role)"
                        + " VALUES ($1, $2, coalesce($3, (SELECT u.subject FROM users u WHERE u.id = $2)), $4)"
                        + " ON CONFLICT (organization_id, user_id) DO UPDATE"
                        + " SET role = excluded.role, subject = coalesce(excluded.subject, org_members.subject),"
                        + " updated_at = now()")
                        .execute(Tuple.of(organizationId, userId, subject, role.name().toLowerCase(Locale.ROOT))))
                .replaceWithVoid();
    }

    public Uni<Void> removeMember(SqlClient c, UUID organizationId, UUID userId, String subject) {
        return c.preparedQuery("DELETE FROM org_members WHERE organization_id = $1 AND (user_id = $2"
                + " OR (subject IS NOT NULL AND subject = $3))")
                .execute(Tuple.of(organizationId, userId, subject)).replaceWithVoid();
    }

    /** A user logged in for the first time (or was bound to an invitation): their memberships get their subject. */
    public Uni<Void> bindSubject(SqlClient c, UUID userId, String subject) {
        if (userId == null || subject == null) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO users (id, subject) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE"
                + " SET subject = excluded.subject, updated_at = now()").execute(Tuple.of(userId, subject))
                .chain(() -> c.preparedQuery("UPDATE org_members SET subject = $2, updated_at = now()"
                        + " WHERE user_id = $1 AND subject IS DISTINCT FROM $2").execute(Tuple.of(userId, subject)))
                .replaceWithVoid();
    }

    /** A PRD as prd-service described it; a deleted PRD stays deleted whatever arrives later. */
    public Uni<Void> upsertPrd(SqlClient c, UUID prdId, UUID organizationId, UUID projectId, String title,
            UUID templateId) {
        return c.preparedQuery("INSERT INTO prds (id, organization_id, project_id, title, template_id)"
                + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET"
                + " project_id = coalesce(excluded.project_id, prds.project_id),"
                + " title = coalesce(excluded.title, prds.title),"
                + " template_id = coalesce(excluded.template_id, prds.template_id), updated_at = now()")
                .execute(Tuple.from(new Object[]{prdId, organizationId, projectId, title, templateId}))
                .replaceWithVoid();
    }

    public Uni<Void> deletePrd(SqlClient c, UUID prdId, UUID organizationId) {
        return c.preparedQuery("INSERT INTO prds (id, organization_id, deleted_at) VALUES ($1, $2, now())"
                + " ON CONFLICT (id) DO UPDATE SET deleted_at = now(), updated_at = now()")
                .execute(Tuple.of(prdId, organizationId))
                .chain(() -> c.preparedQuery("DELETE FROM ai_review_queue WHERE prd_id = $1").execute(Tuple.of(prdId)))
                .replaceWithVoid();
    }

    public Uni<Void> putTemplate(SqlClient c, UUID templateId, UUID organizationId, List<String> requiredSections) {
        String sections = requiredSections == null ? null : new JsonArray(List.copyOf(requiredSections)).encode();
        return c.preparedQuery("INSERT INTO templates (id, organization_id, required_sections)"
                + " VALUES ($1, $2, $3::text::jsonb) ON CONFLICT (id) DO UPDATE SET"
                + " required_sections = coalesce(excluded.required_sections, templates.required_sections),"
                + " deleted_at = NULL, updated_at = now()")
                .execute(Tuple.of(templateId, organizationId, sections)).replaceWithVoid();
    }

    public Uni<Void> deleteTemplate(SqlClient c, UUID templateId, UUID organizationId) {
        return c.preparedQuery("INSERT INTO templates (id, organization_id, deleted_at) VALUES ($1, $2, now())"
                + " ON CONFLICT (id) DO UPDATE SET deleted_at = now(), updated_at = now()")
                .execute(Tuple.of(templateId, organizationId)).replaceWithVoid();
    }
}
