package io.prdtool.prd.version;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class VersionRepository implements PanacheRepositoryBase<VersionEntity, UUID> {

    public Uni<VersionEntity> find(UUID prdId, String version) {
        return find("prdId = ?1 and version = ?2", prdId, version).firstResult();
    }

    public Uni<List<VersionEntity>> list(UUID prdId, int offset, int limit) {
        return find("prdId", Sort.descending("createdAt").and("id", Sort.Direction.Descending), prdId)
                .range(offset, offset + limit - 1).list();
    }

    /** Creates the snapshot row; versions are never updated afterwards except for their commit hash. */
    public Uni<VersionEntity> record(UUID prdId, String version, String content, String changelog,
            String restoredFrom, UUID author) {
        VersionEntity v = new VersionEntity();
        v.prdId = prdId;
        v.version = version;
        v.content = content;
        v.changelog = changelog;
        v.restoredFrom = restoredFrom;
        v.createdBy = author;
        return persist(v).call(this::flush);
    }
}
