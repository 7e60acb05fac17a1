package io.prdtool.prd.org;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.prd.access.OrgRole;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<MembershipEntity, MembershipEntity.Key> {

    private final Pool pool;

    public MembershipRepository(Pool pool) {
        this.pool = pool;
    }

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

    /**
     * The same answer as {@link #role(UUID, UUID)}, read with one statement on the reactive pool instead of a
     * Hibernate session: for hot read paths (search) that need nothing else from the session. Never cached.
     */
    public Uni<OrgRole> roleWithoutSession(UUID organizationId, UUID userId) {
        return pool.preparedQuery("SELECT m.role FROM organization_members m JOIN organizations o"
                + " ON o.id = m.organization_id WHERE o.is_active AND m.organization_id = $1 AND m.user_id = $2")
                .execute(Tuple.of(organizationId, userId))
                .map(rows -> rows.size() == 0 ? null : OrgRole.fromDb(rows.iterator().next().getString(0)));
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
