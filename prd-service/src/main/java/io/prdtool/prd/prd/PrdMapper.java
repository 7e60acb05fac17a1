package io.prdtool.prd.prd;

import java.util.List;
import java.util.Map;

public final class PrdMapper {

    private PrdMapper() {
    }

    public static PrdApi.PrdView toView(PrdEntity p) {
        PrdApi.Approval approval = p.approvedBy == null
                ? null
                : new PrdApi.Approval(p.approvedBy, p.approvedAt, p.approvedContentHash);
        return new PrdApi.PrdView(p.id, p.organizationId, p.projectId, p.title, p.slug, p.status,
                p.statusValue().nextWire(), p.currentVersion, p.content, p.contentHash,
                p.metadata == null ? Map.of() : p.metadata, p.templateId,
                p.approverIds == null ? List.of() : List.of(p.approverIds), approval, p.createdBy, p.updatedBy,
                p.createdAt, p.updatedAt);
    }
}
