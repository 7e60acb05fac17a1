package io.prdtool.shared.events.prd;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A version (immutable snapshot of the content) was recorded. {@code bump} is major, minor, patch or explicit;
 * {@code restoredFrom} names the old version whose content this one restores, if any.
 * <p>
 * The version's content travels with the event so that consumers working without a user (integration-service
 * publishing to git, Confluence, Jira) need no call back: {@code markdown} is the version's Markdown when its UTF-8
 * size ({@code contentBytes}) is at most {@link #INLINE_MARKDOWN_MAX_BYTES}, else null (claim-check: read it from
 * prd-service's service endpoint {@code GET /api/v1/service/prds/{prdId}/versions/{version}/content} with a service
 * credential, and check it against {@code contentHash}). {@code title}, {@code slug} and {@code status} are the PRD's at
 * the time of the version.
 */
@RegisterForReflection
public record PrdVersionCreated(UUID prdId, UUID organizationId, UUID projectId, UUID versionId, String version,
        String previousVersion, String bump, String changelog, String restoredFrom, String contentHash, UUID actorId,
        String title, String slug,
        String status, String markdown, Integer contentBytes)
        implements
            PrdEvent {

    /** Largest Markdown (UTF-8 bytes) carried inline; larger versions are fetched by claim-check. */
    public static final int INLINE_MARKDOWN_MAX_BYTES = 256 * 1024;
}
