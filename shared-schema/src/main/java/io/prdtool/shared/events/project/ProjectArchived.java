package io.prdtool.shared.events.project;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A project was archived: it and its PRDs are read-only until unarchived. */
@RegisterForReflection
public record ProjectArchived(UUID projectId, UUID organizationId, UUID actorId) implements ProjectEvent {
}
