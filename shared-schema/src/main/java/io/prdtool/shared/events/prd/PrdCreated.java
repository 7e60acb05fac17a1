package io.prdtool.shared.events.prd;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A PRD was created (status draft, version {@code version}), possibly from a template. {@code approverIds}: the users
 * asked to approve it (empty when none; absent in events published before the field existed).
 */
@RegisterForReflection
public record PrdCreated(UUID prdId, UUID organizationId, UUID projectId, String title, String slug, String status,
        String version, UUID templateId, String contentHash, UUID actorId, List<UUID> approverIds) implements PrdEvent {
}
