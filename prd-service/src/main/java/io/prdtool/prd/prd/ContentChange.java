package io.prdtool.prd.prd;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.prdtool.prd.common.Hashes;
import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.prd.PrdApprovalInvalidated;
import io.prdtool.shared.events.prd.PrdStatusChanged;

/**
 * The one place where a PRD's content changes, whoever changes it (REST edit, collaborative editor, version
 * restore). An approval is bound to the SHA-256 of the approved content: if the new content differs from it, the
 * approval is void, the PRD returns to in_review, and the events say so.
 */
public final class ContentChange {

    public static final String SOURCE_API = "api";
    public static final String SOURCE_COLLAB = "collab";
    public static final String SOURCE_RESTORE = "restore";

    private ContentChange() {
    }

    /**
     * Sets {@code newContent} on {@code prd} and returns the approval-related events to append (empty when the
     * content did not change or no approval was affected). The caller appends its own {@code PrdUpdated}.
     *
     * @return whether anything changed, and the events
     */
    public static Result apply(PrdEntity prd, String newContent, UUID actorId, String source) {
        String content = newContent == null ? "" : newContent;
        if (content.equals(prd.content)) {
            return new Result(false, List.of());
        }
        String hash = Hashes.sha256(content);
        prd.content = content;
        prd.contentHash = hash;
        prd.updatedBy = actorId;
        List<DomainEvent> events = new ArrayList<>();
        PrdStatus status = prd.statusValue();
        if (status.carriesApproval() && !hash.equals(prd.approvedContentHash)) {
            events.add(new PrdApprovalInvalidated(prd.id, prd.organizationId, prd.projectId, prd.approvedBy,
                    prd.approvedAt, prd.approvedContentHash, hash, status.wire(), PrdStatus.IN_REVIEW.wire(),
                    "content changed (" + source + ") after approval", actorId));
            events.add(new PrdStatusChanged(prd.id, prd.organizationId, prd.projectId, status.wire(),
                    PrdStatus.IN_REVIEW.wire(), actorId));
            prd.status = PrdStatus.IN_REVIEW.wire();
            clearApproval(prd);
        }
        return new Result(true, events);
    }

    static void clearApproval(PrdEntity prd) {
        prd.approvedBy = null;
        prd.approvedAt = null;
        prd.approvedContentHash = null;
    }

    public record Result(boolean changed, List<DomainEvent> events) {
    }
}
