package io.prdtool.notification.access;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.prdtool.notification.projection.ProjectionRepository;
import io.prdtool.shared.auth.Caller;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Who the caller is and what they may see, from the projection of prd-service's events alone: the token's subject
 * names a user; a PRD or organization the caller does not belong to does not exist for them (404); a member who is
 * not an owner or admin gets 403 on administrative views.
 */
@ApplicationScoped
public class Access {

    @Inject
    Pool pool;

    @Inject
    ProjectionRepository projection;

    /** The caller's user id, or null when the projection has not seen them yet (they have no notifications). */
    public Uni<UUID> userId(JsonWebToken jwt) {
        Caller caller = Caller.of(jwt);
        return projection.userIdBySubject(pool, caller.subject());
    }

    /** As {@link #userId} but an unknown caller is refused with 404 for {@code what}. */
    public Uni<UUID> knownUser(JsonWebToken jwt, String what) {
        return userId(jwt).onItem().ifNull().failWith(() -> ProblemException.notFound(what));
    }

    /** A PRD the caller may read: it exists, is not deleted and the caller is a member of its organization. */
    public Uni<PrdAccess> prd(UUID prdId, JsonWebToken jwt) {
        String what = "PRD " + prdId;
        return knownUser(jwt, what).chain(user -> projection.prd(pool, prdId).chain(prd -> {
            if (prd == null || prd.deleted()) {
                return Uni.createFrom().failure(ProblemException.notFound(what));
            }
            return projection.role(pool, prd.organizationId(), user).map(role -> {
                if (role == null) {
                    throw ProblemException.notFound(what);
                }
                return new PrdAccess(prdId, prd.organizationId(), user, role);
            });
        }));
    }

    /** An organization the caller administers (owner or admin); other members get 403, everyone else 404. */
    public Uni<UUID> administrator(UUID organizationId, JsonWebToken jwt) {
        String what = "Organization " + organizationId;
        return knownUser(jwt, what).chain(user -> projection.role(pool, organizationId, user).map(role -> {
            if (role == null) {
                throw ProblemException.notFound(what);
            }
            if (!role.administers()) {
                throw ProblemException.forbidden("Only organization owners and admins may see deliveries");
            }
            return user;
        }));
    }

    /** The caller's access to a PRD. */
    public record PrdAccess(UUID prdId, UUID organizationId, UUID userId, OrgRole role) {
    }
}
