package io.prdtool.prd.prd;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class PrdRepository implements PanacheRepositoryBase<PrdEntity, UUID> {

    public Uni<Boolean> slugTaken(UUID projectId, String slug) {
        return count("projectId = ?1 and slug = ?2", projectId, slug).map(n -> n > 0);
    }

    /** Slugs of the project equal to {@code base} or {@code base-<n>}: to pick the next free derived slug. */
    public Uni<List<String>> slugsLike(UUID projectId, String base) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select p.slug from PrdEntity p where p.projectId = :project and (p.slug = :base or p.slug like :prefix)",
                String.class)
                .setParameter("project", projectId)
                .setParameter("base", base)
                .setParameter("prefix", base + "-%")
                .getResultList());
    }

    /**
     * The PRD if {@code userId} is a member of its (active) organization, else null: the read path's tenant check
     * and load in one round trip.
     */
    public Uni<PrdEntity> findForMember(UUID prdId, UUID userId) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select p from PrdEntity p, MembershipEntity m, OrganizationEntity o"
                        + " where p.id = :prd and m.organizationId = p.organizationId and m.userId = :user"
                        + " and o.id = p.organizationId and o.active",
                PrdEntity.class)
                .setParameter("prd", prdId)
                .setParameter("user", userId)
                .getSingleResultOrNull());
    }
}
