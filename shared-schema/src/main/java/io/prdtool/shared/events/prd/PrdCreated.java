package io.prdtool.shared.events.prd;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A PRD was created (status draft, version {@code version}), possibly from a template. */
@RegisterForReflection
public record PrdCreated(UUID prdId, UUID organizationId, UUID projectId, String title, String slug, String status,
        String version, UUID templateId, String contentHash, UUID actorId) implements PrdEvent {
}
