package io.prdtool.shared.events.prd;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A PRD was approved by {@code approvedBy}; the approval holds for the content whose SHA-256 is {@code contentHash}. */
@RegisterForReflection
public record PrdApproved(UUID prdId, UUID organizationId, UUID projectId, UUID approvedBy, Instant approvedAt,
        String contentHash, String version) implements PrdEvent {
}
