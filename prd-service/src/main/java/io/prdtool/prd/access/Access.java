package io.prdtool.prd.access;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.prd.org.MembershipRepository;
import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * The tenant check every endpoint goes through. Someone who is not a member of the organization learns nothing
 * about it: the resource answers 404 exactly as if it did not exist. A member whose role lacks the permission gets
 * 403.
 */
@ApplicationScoped
public class Access {

    private final MembershipRepository memberships;

    public Access(MembershipRepository memberships) {
        this.memberships = memberships;
    }

    /** The caller's membership, or 404 naming {@code what} (the resource the caller asked for). */
    public Uni<Membership> membership(UUID organizationId, UUID userId, String what) {
        return memberships.role(organizationId, userId)
                .map(role -> {
                    if (role == null) {
                        throw ProblemException.notFound(what);
                    }
                    return new Membership(organizationId, userId, role);
                });
    }

    public Uni<Membership> require(UUID organizationId, UUID userId, Permission permission, String what) {
        return membership(organizationId, userId, what).invoke(m -> check(m, permission));
    }

    /**
     * {@link #require} without a Hibernate session (one statement on the reactive pool), for hot read paths that
     * use no session otherwise. Same answers: 404 for a non-member or an inactive organization, 403 for a role
     * without the permission; read from PostgreSQL on every call, so a removed member loses access at once.
     */
    public Uni<Membership> requireWithoutSession(UUID organizationId, UUID userId, Permission permission,
            String what) {
        return memberships.roleWithoutSession(organizationId, userId)
                .map(role -> {
                    if (role == null) {
                        throw ProblemException.notFound(what);
                    }
                    Membership m = new Membership(organizationId, userId, role);
                    check(m, permission);
                    return m;
                });
    }

    public static void check(Membership m, Permission permission) {
        if (!m.can(permission)) {
            throw ProblemException.forbidden("The " + m.role().wire() + " role does not allow this ("
                    + permission.name().toLowerCase() + "); allowed roles: "
                    + permission.roles().stream().map(OrgRole::wire).toList());
        }
    }
}
