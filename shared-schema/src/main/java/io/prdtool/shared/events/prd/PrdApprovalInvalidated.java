package io.prdtool.shared.events.prd;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The content of an approved (or published) PRD changed, so its approval no longer holds: the PRD went back to
 * {@code status} (in_review) and needs a new approval. {@code approvedContentHash} is what had been approved,
 * {@code contentHash} the content now.
 */
@RegisterForReflection
public record PrdApprovalInvalidated(UUID prdId, UUID organizationId, UUID projectId, UUID previouslyApprovedBy,
        Instant previouslyApprovedAt, String approvedContentHash, String contentHash, String previousStatus,
        String status, String reason, UUID actorId) implements PrdEvent {
}
