package io.prdtool.collab.access;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.shared.events.org.OrgRole;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The local projection of PRD ownership and organization membership that collab-service authorizes with (no call to
 * prd-service per request or message). Written by {@link AccessProjection} from prd-service events.
 */
@ApplicationScoped
public class AccessRepository {

    private static final String FIND_GRANT = "SELECT p.organization_id, m.role FROM prd_access p"
            + " JOIN org_members m ON m.organization_id = p.organization_id"
            + " WHERE p.prd_id = $1 AND p.deleted_at IS NULL AND m.subject = $2";

    @Inject
    Pool pool;

    /** The user's grant on a live PRD; empty when the PRD is unknown, deleted or in another organization. */
    public Uni<Optional<Grant>> find(UUID prdId, String subject) {
        return pool.preparedQuery(FIND_GRANT).execute(Tuple.of(prdId, subject)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return Optional.empty();
            }
            Row row = it.next();
            return Optional.of(new Grant(prdId, row.getUUID("organization_id"), subject,
                    OrgRole.valueOf(row.getString("role").toUpperCase())));
        });
    }

    public Uni<Void> upsertPrd(SqlClient client, UUID prdId, UUID organizationId) {
        return client.preparedQuery("INSERT INTO prd_access (prd_id, organization_id) VALUES ($1, $2)"
                + " ON CONFLICT (prd_id) DO UPDATE SET organization_id = EXCLUDED.organization_id,"
                + " updated_at = now()")
                .execute(Tuple.of(prdId, organizationId)).replaceWithVoid();
    }

    public Uni<Void> deletePrd(SqlClient client, UUID prdId, UUID organizationId) {
        return client
                .preparedQuery("INSERT INTO prd_access (prd_id, organization_id, deleted_at) VALUES ($1, $2, now())"
                        + " ON CONFLICT (prd_id) DO UPDATE SET deleted_at = now(), updated_at = now()")
                .execute(Tuple.of(prdId, organizationId)).replaceWithVoid();
    }

    public Uni<Void> upsertMember(SqlClient client, UUID organizationId, String subject, UUID userId, OrgRole role) {
        return client.preparedQuery("INSERT INTO org_members (organization_id, subject, user_id, role)"
                + " VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id, subject) DO UPDATE"
                + " SET role = EXCLUDED.role, user_id = coalesce(EXCLUDED.user_id, org_members.user_id),"
                + " updated_at = now()")
                .execute(Tuple.of(organizationId, subject, userId, role.name().toLowerCase()))
                .replaceWithVoid();
    }

    public Uni<Void> removeMember(SqlClient client, UUID organizationId, String subject) {
        return client.preparedQuery("DELETE FROM org_members WHERE organization_id = $1 AND subject = $2")
                .execute(Tuple.of(organizationId, subject)).replaceWithVoid();
    }

    public Uni<Void> removeOrganization(SqlClient client, UUID organizationId) {
        return client.preparedQuery("DELETE FROM org_members WHERE organization_id = $1")
                .execute(Tuple.of(organizationId))
                .chain(() -> client.preparedQuery("UPDATE prd_access SET deleted_at = now(), updated_at = now()"
                        + " WHERE organization_id = $1 AND deleted_at IS NULL").execute(Tuple.of(organizationId)))
                .replaceWithVoid();
    }
}
