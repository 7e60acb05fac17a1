package io.prdtool.shared.events.project;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An archived project was made writable again. */
@RegisterForReflection
public record ProjectUnarchived(UUID projectId, UUID organizationId, UUID actorId) implements ProjectEvent {
}
