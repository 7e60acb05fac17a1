package io.prdtool.audit.membership;

import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.shared.events.org.MemberAdded;
import io.prdtool.shared.events.org.MemberRemoved;
import io.prdtool.shared.events.org.MemberRoleChanged;
import io.prdtool.shared.events.org.OrgEvent;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.events.org.OrganizationCreated;
import io.prdtool.shared.events.org.OrganizationDeleted;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * audit-service's own copy of who belongs to which organization with which role, applied from prd-service's
 * organization events (in order per organization, once per event via the inbox). Authorization reads it; prd-service
 * is never called.
 */
@ApplicationScoped
public class MembershipProjection {

    private static final String UPSERT_ORG = "INSERT INTO organizations (id, name, slug) VALUES ($1, $2, $3)"
            + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, slug = excluded.slug, deleted_at = NULL,"
            + " updated_at = now()";
    private static final String ENSURE_ORG = "INSERT INTO organizations (id) VALUES ($1) ON CONFLICT DO NOTHING";
    private static final String PUT_MEMBER = "INSERT INTO org_members (organization_id, user_id, subject, role)"
            + " VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id, user_id) DO UPDATE"
            + " SET subject = excluded.subject, role = excluded.role, updated_at = now()";
    private static final String DELETE_MEMBER = "DELETE FROM org_members WHERE organization_id = $1 AND user_id = $2";
    private static final String DELETE_ORG = "UPDATE organizations SET deleted_at = now(), updated_at = now()"
            + " WHERE id = $1";
    private static final String DELETE_ORG_MEMBERS = "DELETE FROM org_members WHERE organization_id = $1";

    public Uni<Void> apply(SqlConnection c, OrgEvent event) {
        if (event instanceof OrganizationCreated e) {
            return c.preparedQuery(UPSERT_ORG).execute(Tuple.of(e.organizationId(), e.name(), e.slug()))
                    .chain(() -> putMember(c, e.organizationId(), e.userId(), e.subject(), OrgRole.OWNER));
        }
        if (event instanceof MemberAdded e) {
            return ensureOrg(c, e).chain(() -> putMember(c, e.organizationId(), e.userId(), e.subject(), e.role()));
        }
        if (event instanceof MemberRoleChanged e) {
            return ensureOrg(c, e).chain(() -> putMember(c, e.organizationId(), e.userId(), e.subject(), e.role()));
        }
        if (event instanceof MemberRemoved e) {
            return c.preparedQuery(DELETE_MEMBER).execute(Tuple.of(e.organizationId(), e.userId())).replaceWithVoid();
        }
        OrganizationDeleted e = (OrganizationDeleted) event;
        return c.preparedQuery(DELETE_ORG).execute(Tuple.of(e.organizationId()))
                .chain(() -> c.preparedQuery(DELETE_ORG_MEMBERS).execute(Tuple.of(e.organizationId())))
                .replaceWithVoid();
    }

    private Uni<Void> ensureOrg(SqlConnection c, OrgEvent e) {
        return c.preparedQuery(ENSURE_ORG).execute(Tuple.of(e.organizationId())).replaceWithVoid();
    }

    private Uni<Void> putMember(SqlConnection c, UUID org, UUID user, String subject,
            OrgRole role) {
        if (user == null || subject == null || role == null) {
            return Uni.createFrom()
                    .failure(new IllegalArgumentException("membership event without user, subject or role"));
        }
        return c.preparedQuery(PUT_MEMBER)
                .execute(Tuple.of(org, user, subject, role.name().toLowerCase(Locale.ROOT)))
                .replaceWithVoid();
    }
}
