package io.prdtool.shared.events.project;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A project was created in an organization by {@code actorId}. */
@RegisterForReflection
public record ProjectCreated(UUID projectId, UUID organizationId, String name, String slug, String description,
        String gitRepoUrl, UUID actorId) implements ProjectEvent {
}
