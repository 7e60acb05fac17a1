package io.prdtool.audit.access;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.shared.auth.Caller;
import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The tenant check of every audit endpoint, from the membership projection: an organization the caller does not
 * belong to does not exist for them (404); members who are not owner or admin get 403.
 */
@ApplicationScoped
public class OrgAccess {

    private static final String ROLE = "SELECT m.role FROM org_members m JOIN organizations o ON o.id = m.organization_id"
            + " WHERE m.organization_id = $1 AND m.subject = $2 AND o.deleted_at IS NULL";

    @Inject
    Pool pool;

    public Uni<Void> requireAdmin(UUID organizationId, Caller caller) {
        return pool.preparedQuery(ROLE).execute(Tuple.of(organizationId, caller.subject())).map(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("Organization " + organizationId);
            }
            String role = rows.iterator().next().getString("role");
            if (!"owner".equals(role) && !"admin".equals(role)) {
                throw ProblemException.forbidden("Only organization owners and admins may read audit data");
            }
            return null;
        });
    }

    /** Parses a path or query UUID, answering 400 (not 404 or 500) when it is not one. */
    public static UUID uuid(String name, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.badRequest(name + " must be a UUID");
        }
    }
}
