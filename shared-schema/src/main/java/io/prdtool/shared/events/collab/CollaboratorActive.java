package io.prdtool.shared.events.collab;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A user edited a PRD's document {@code edits} times between {@code from} and {@code to} (one event per editor per
 * debounce window): the activity behind collaborator counts and last-activity times.
 */
@RegisterForReflection
public record CollaboratorActive(UUID prdId, UUID organizationId, UUID userId, String subject, int edits,
        Instant from, Instant to) implements CollabEvent {
}
