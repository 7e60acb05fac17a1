package io.prdtool.audit.activity;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One activity-log entry: {@code actor} (token subject; {@code userId} when known) did {@code action} to a resource. */
@RegisterForReflection
public record ActivityEntry(UUID id, UUID organizationId, UUID userId, String actor, String resourceType,
        UUID resourceId, String action, String source, JsonNode changes, String ipAddress, String userAgent,
        Instant createdAt) {
}
