package io.prdtool.prd.summary;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@Schema(name = "PrdSummary", description = "A row of the prd_summaries view (refreshed periodically, so slightly stale)")
public record SummaryApi(UUID id, UUID projectId, String title, String slug, String status, String currentVersion,
        UUID createdBy, String createdByName, String createdByAvatar, long versionCount, long collaboratorCount,
        Instant lastActivityAt, Instant createdAt, Instant updatedAt) {
}
