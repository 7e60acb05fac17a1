package io.prdtool.prd.prd;

import java.util.List;
import java.util.Map;

import io.prdtool.prd.common.Hashes;

public final class PrdMapper {

    private PrdMapper() {
    }

    public static PrdApi.PrdView toView(PrdEntity p) {
        PrdApi.Approval approval = p.approvedBy == null
                ? null
                : new PrdApi.Approval(p.approvedBy, p.approvedAt, p.approvedContentHash);
        return new PrdApi.PrdView(p.id, p.organizationId, p.projectId, p.title, p.slug, p.status,
                p.statusValue().nextWire(), p.currentVersion, p.content, Hashes.sha256(p.content),
                p.metadata == null ? Map.of() : p.metadata, p.templateId,
                p.approverIds == null ? List.of() : List.of(p.approverIds), approval, p.createdBy, p.updatedBy,
                p.createdAt, p.updatedAt);
    }

    public static PrdApi.PrdListItem toListItem(PrdEntity p) {
        return new PrdApi.PrdListItem(p.id, p.projectId, p.title, p.slug, p.status, p.currentVersion, p.templateId,
                p.createdBy, p.createdAt, p.updatedAt);
    }
}
