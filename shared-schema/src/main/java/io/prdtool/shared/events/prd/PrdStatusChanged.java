package io.prdtool.shared.events.prd;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The workflow status moved from {@code previousStatus} to {@code status} (draft, in_review, approved, published,
 * archived). An approval also emits {@link PrdApproved}; an invalidated approval also emits
 * {@link PrdApprovalInvalidated}.
 */
@RegisterForReflection
public record PrdStatusChanged(UUID prdId, UUID organizationId, UUID projectId, String previousStatus, String status,
        UUID actorId) implements PrdEvent {
}
