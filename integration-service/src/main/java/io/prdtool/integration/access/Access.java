package io.prdtool.integration.access;

import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.prdtool.shared.auth.Caller;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Who may do what with integrations, from the projection of prd-service's membership events: an organization the
 * caller does not belong to does not exist for them (404, also for its integrations and deliveries). Owners and admins
 * manage integrations and read the delivery log; members may list integrations (type, name, state, health: no settings
 * and no credential details); viewers get 403. A membership created a moment ago is visible once its event arrived
 * (typically milliseconds).
 */
@ApplicationScoped
public class Access {

    private static final String MEMBER = "SELECT m.user_id, m.role FROM org_members m"
            + " JOIN organizations o ON o.id = m.organization_id"
            + " WHERE m.organization_id = $1 AND m.subject = $2 AND o.deleted_at IS NULL";

    @Inject
    Pool pool;

    /** Any member of the organization, viewers included; 404 for everyone else. */
    public Uni<Member> member(UUID organizationId, JsonWebToken jwt) {
        Caller caller = Caller.of(jwt);
        return pool.preparedQuery(MEMBER).execute(Tuple.of(organizationId, caller.subject())).map(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("Organization " + organizationId);
            }
            Row r = rows.iterator().next();
            return new Member(organizationId, caller.subject(), r.getUUID("user_id"),
                    OrgRole.valueOf(r.getString("role").toUpperCase(Locale.ROOT)));
        });
    }

    /** Members, admins and owners (viewers get 403): may list integrations without their settings. */
    public Uni<Member> reader(UUID organizationId, JsonWebToken jwt) {
        return member(organizationId, jwt).invoke(m -> {
            if (m.role() == OrgRole.VIEWER) {
                throw ProblemException.forbidden("Viewers cannot see the organization's integrations");
            }
        });
    }

    /** Owners and admins only (other members get 403). */
    public Uni<Member> admin(UUID organizationId, JsonWebToken jwt) {
        return member(organizationId, jwt).invoke(m -> {
            if (!m.administers()) {
                throw ProblemException.forbidden("Only organization owners and admins manage integrations");
            }
        });
    }
}
