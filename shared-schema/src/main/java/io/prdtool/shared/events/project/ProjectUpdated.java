package io.prdtool.shared.events.project;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A project's name, slug, description, settings or repository changed; values after the change. */
@RegisterForReflection
public record ProjectUpdated(UUID projectId, UUID organizationId, String name, String slug, String description,
        String gitRepoUrl, List<String> changedFields, UUID actorId) implements ProjectEvent {
}
