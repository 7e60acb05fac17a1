package io.prdtool.shared.events.prd;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A PRD and its versions were deleted. */
@RegisterForReflection
public record PrdDeleted(UUID prdId, UUID organizationId, UUID projectId, String title, UUID actorId)
        implements
            PrdEvent {
}
