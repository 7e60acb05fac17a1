package io.prdtool.audit.summary;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Seed §8.2 per organization and user, as of the last refresh ({@code refreshedAt} is not older than the interval). */
@RegisterForReflection
public record UserActivitySummary(UUID organizationId, String actor, UUID userId, long prdsCreated,
        long versionsCreated, long aiPrompts, long collaborationEvents, long totalEvents, Instant lastActiveAt) {
}
