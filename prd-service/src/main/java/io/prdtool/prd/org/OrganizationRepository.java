package io.prdtool.prd.org;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<OrganizationEntity, UUID> {

    public Uni<Boolean> slugTaken(String slug) {
        return count("slug", slug).map(n -> n > 0);
    }

    /** Locks the organization row: membership changes that protect the last owner serialize on it. */
    public Uni<OrganizationEntity> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The caller's active organizations with the caller's role, by name. */
    public Uni<List<Object[]>> listForUser(UUID userId, int offset, int limit) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select o, m.role from OrganizationEntity o, MembershipEntity m where m.organizationId = o.id"
                        + " and m.userId = :user and o.active order by o.name, o.id",
                Object[].class)
                .setParameter("user", userId)
                .setFirstResult(offset)
                .setMaxResults(limit + 1)
                .getResultList());
    }
}
