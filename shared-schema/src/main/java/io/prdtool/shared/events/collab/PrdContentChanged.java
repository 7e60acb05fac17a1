package io.prdtool.shared.events.collab;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The collaborative document of a PRD changed (debounced: one event after a burst of edits). {@code content} is the
 * whole document as Markdown; {@code revision} is the last operation-log id it includes (higher = newer), so a consumer
 * can ignore an older event that arrives late. {@code userId}/{@code subject}: the last editor.
 */
@RegisterForReflection
public record PrdContentChanged(UUID prdId, UUID organizationId, UUID userId, String subject, String content,
        String contentHash, int length, long revision, Instant changedAt) implements CollabEvent {
}
