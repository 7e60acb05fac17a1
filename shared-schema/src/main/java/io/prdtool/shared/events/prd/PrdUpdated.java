package io.prdtool.shared.events.prd;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A PRD's title, slug, content, metadata or approvers changed. {@code changedFields} names what changed;
 * {@code source} is {@code api} (REST), {@code collab} (the collaborative editor) or {@code restore} (an old version
 * restored). The content itself is not carried; {@code contentHash} (SHA-256 hex) identifies it.
 * {@code approverIds}: the PRD's approvers after the change (always the full list, whatever changed).
 */
@RegisterForReflection
public record PrdUpdated(UUID prdId, UUID organizationId, UUID projectId, String title, String slug,
        String contentHash, List<String> changedFields, String source, UUID actorId,
        List<UUID> approverIds) implements PrdEvent {
}
