package io.prdtool.shared.events.prd;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A version (immutable snapshot of the content) was recorded. {@code bump} is major, minor, patch or explicit;
 * {@code restoredFrom} names the old version whose content this one restores, if any.
 */
@RegisterForReflection
public record PrdVersionCreated(UUID prdId, UUID organizationId, UUID projectId, UUID versionId, String version,
        String previousVersion, String bump, String changelog, String restoredFrom, String contentHash, UUID actorId)
        implements
            PrdEvent {
}
