package io.prdtool.prd.org;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.prd.access.OrgRole;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<MembershipEntity, MembershipEntity.Key> {

    /** The user's role in the organization, or null when they are not a member (or it is deactivated). */
    public Uni<OrgRole> role(UUID organizationId, UUID userId) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select m.role from MembershipEntity m, OrganizationEntity o"
                        + " where o.id = m.organizationId and o.active"
                        + " and m.organizationId = :org and m.userId = :user",
                String.class)
                .setParameter("org", organizationId)
                .setParameter("user", userId)
                .getSingleResultOrNull())
                .map(r -> r == null ? null : OrgRole.fromDb(r));
    }

    public Uni<MembershipEntity> find(UUID organizationId, UUID userId) {
        return findById(new MembershipEntity.Key(organizationId, userId));
    }

    public Uni<Long> countOwners(UUID organizationId) {
        return count("organizationId = ?1 and role = 'owner'", organizationId);
    }

    /** Members with their user rows, oldest first. */
    public Uni<List<Object[]>> listWithUsers(UUID organizationId, int offset, int limit) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select m, u from MembershipEntity m, UserEntity u where u.id = m.userId"
                        + " and m.organizationId = :org order by m.joinedAt, u.id",
                Object[].class)
                .setParameter("org", organizationId)
                .setFirstResult(offset)
                .setMaxResults(limit + 1)
                .getResultList());
    }
}
