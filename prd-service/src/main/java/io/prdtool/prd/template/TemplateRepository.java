package io.prdtool.prd.template;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TemplateRepository implements PanacheRepositoryBase<TemplateEntity, UUID> {

    public Uni<Boolean> nameTaken(UUID organizationId, String name) {
        return count("organizationId = ?1 and lower(name) = lower(?2)", organizationId, name).map(n -> n > 0);
    }

    public Uni<TemplateEntity> findDefault(UUID organizationId) {
        return find("organizationId = ?1 and isDefault = true", organizationId).firstResult();
    }

    /** Clears the current default; flushed first so the one-default unique index never sees two. */
    public Uni<Integer> clearDefault(UUID organizationId) {
        return update("isDefault = false where organizationId = ?1 and isDefault = true", organizationId);
    }

    public Uni<List<TemplateEntity>> list(UUID organizationId, int offset, int limit) {
        return find("organizationId", Sort.descending("isDefault").and("name").and("id"), organizationId)
                .range(offset, offset + limit - 1).list();
    }
}
