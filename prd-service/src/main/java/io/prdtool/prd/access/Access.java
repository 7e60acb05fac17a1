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

    public static void check(Membership m, Permission permission) {
        if (!m.can(permission)) {
            throw ProblemException.forbidden("The " + m.role().wire() + " role does not allow this ("
                    + permission.name().toLowerCase() + "); allowed roles: "
                    + permission.roles().stream().map(OrgRole::wire).toList());
        }
    }
}
