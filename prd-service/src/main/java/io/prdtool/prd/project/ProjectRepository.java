package io.prdtool.prd.project;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<ProjectEntity, UUID> {

    public Uni<Boolean> slugTaken(UUID organizationId, String slug) {
        return count("organizationId = ?1 and slug = ?2", organizationId, slug).map(n -> n > 0);
    }

    public Uni<List<ProjectEntity>> list(UUID organizationId, boolean includeArchived, int offset, int limit) {
        String where = includeArchived ? "organizationId = ?1" : "organizationId = ?1 and archived = false";
        // offset/limit as a range: Panache pages are fixed-size, our offsets are free
        return find(where, Sort.descending("createdAt").and("id"), organizationId)
                .range(offset, offset + limit - 1).list();
    }

}
