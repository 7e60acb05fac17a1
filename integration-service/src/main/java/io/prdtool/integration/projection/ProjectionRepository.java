package io.prdtool.integration.projection;

import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.shared.events.org.OrgRole;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * integration-service's copy of what it needs from prd-service: organizations, who is a member with which role, users'
 * e-mail addresses (to find them in a chat workspace), projects (and their git repository) and PRDs (title, slug,
 * status, project: what chat messages say and where a delivery goes). Written only from prd-service's events.
 */
@ApplicationScoped
public class ProjectionRepository {

    public Uni<Void> upsertOrganization(SqlClient c, UUID organizationId) {
        return c.preparedQuery("INSERT INTO organizations (id) VALUES ($1)"
                + " ON CONFLICT (id) DO UPDATE SET deleted_at = NULL, updated_at = now()")
                .execute(Tuple.of(organizationId)).replaceWithVoid();
    }

    /** The organization is gone: its memberships end and its integrations (and their credentials) are deleted. */
    public Uni<Void> deleteOrganization(SqlClient c, UUID organizationId) {
        return c.preparedQuery("INSERT INTO organizations (id, deleted_at) VALUES ($1, now())"
                + " ON CONFLICT (id) DO UPDATE SET deleted_at = now(), updated_at = now()")
                .execute(Tuple.of(organizationId))
                .chain(() -> c.preparedQuery("DELETE FROM org_members WHERE organization_id = $1")
                        .execute(Tuple.of(organizationId)))
                .chain(() -> c.preparedQuery("DELETE FROM integrations WHERE organization_id = $1")
                        .execute(Tuple.of(organizationId)))
                .replaceWithVoid();
    }

    /** A membership; {@code subject} may be null for someone invited who has not logged in yet. */
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

    /** A user row came to exist or got bound to a subject; their memberships get the subject too. */
    public Uni<Void> putUser(SqlClient c, UUID userId, String subject, String email, String name) {
        if (userId == null) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO users (id, subject, email, name) VALUES ($1, $2, $3, $4)"
                + " ON CONFLICT (id) DO UPDATE SET subject = coalesce(excluded.subject, users.subject),"
                + " email = coalesce(excluded.email, users.email), name = coalesce(excluded.name, users.name),"
                + " updated_at = now()")
                .execute(Tuple.of(userId, subject, email, name))
                .chain(() -> subject == null
                        ? Uni.createFrom().voidItem()
                        : c.preparedQuery("UPDATE org_members SET subject = $2, updated_at = now()"
                                + " WHERE user_id = $1 AND subject IS DISTINCT FROM $2")
                                .execute(Tuple.of(userId, subject)).replaceWithVoid());
    }

    public Uni<Void> renameUser(SqlClient c, UUID userId, String name) {
        return c.preparedQuery("UPDATE users SET name = coalesce($2, name), updated_at = now() WHERE id = $1")
                .execute(Tuple.of(userId, name)).replaceWithVoid();
    }

    /** A project as prd-service described it ({@code gitRepoUrl} null: none). */
    public Uni<Void> putProject(SqlClient c, UUID projectId, UUID organizationId, String name, String slug,
            String gitRepoUrl) {
        return c.preparedQuery("INSERT INTO projects (id, organization_id, name, slug, git_repo_url)"
                + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET name = coalesce(excluded.name,"
                + " projects.name), slug = coalesce(excluded.slug, projects.slug),"
                + " git_repo_url = excluded.git_repo_url, updated_at = now()")
                .execute(Tuple.from(new Object[]{projectId, organizationId, name, slug, gitRepoUrl}))
                .replaceWithVoid();
    }

    public Uni<Void> archiveProject(SqlClient c, UUID projectId, UUID organizationId, boolean archived) {
        return c.preparedQuery("INSERT INTO projects (id, organization_id, archived) VALUES ($1, $2, $3)"
                + " ON CONFLICT (id) DO UPDATE SET archived = excluded.archived, updated_at = now()")
                .execute(Tuple.of(projectId, organizationId, archived)).replaceWithVoid();
    }

    /** A PRD as prd-service described it; null fields keep what is known. A deleted PRD stays deleted. */
    public Uni<Void> putPrd(SqlClient c, UUID prdId, UUID organizationId, UUID projectId, String title, String slug,
            String status) {
        return c.preparedQuery("INSERT INTO prds (id, organization_id, project_id, title, slug, status)"
                + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET"
                + " project_id = coalesce(excluded.project_id, prds.project_id),"
                + " title = coalesce(excluded.title, prds.title), slug = coalesce(excluded.slug, prds.slug),"
                + " status = coalesce(excluded.status, prds.status), updated_at = now()")
                .execute(Tuple.from(new Object[]{prdId, organizationId, projectId, title, slug, status}))
                .replaceWithVoid();
    }

    public Uni<Void> deletePrd(SqlClient c, UUID prdId, UUID organizationId) {
        return c.preparedQuery("INSERT INTO prds (id, organization_id, deleted_at) VALUES ($1, $2, now())"
                + " ON CONFLICT (id) DO UPDATE SET deleted_at = now(), updated_at = now()")
                .execute(Tuple.of(prdId, organizationId)).replaceWithVoid();
    }
}
