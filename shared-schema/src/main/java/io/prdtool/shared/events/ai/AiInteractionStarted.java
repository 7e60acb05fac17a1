package io.prdtool.shared.events.ai;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A user started a generative AI action on a PRD ({@code action}: improve, draft_section, ...): its budget was
 * reserved and the provider is being asked. Exactly one of {@link AiInteractionCompleted}, {@link AiInteractionFailed}
 * or {@link AiInteractionCancelled} follows with the same {@code interactionId}. collab-service shows the user as
 * "ai-prompting" on the PRD in between. {@code prdId} is null for the provider check of the settings API.
 */
@RegisterForReflection
public record AiInteractionStarted(UUID interactionId, UUID organizationId, UUID prdId, UUID userId, String subject,
        String action, String provider, String model, Instant startedAt) implements AiEvent {

    @Override
    public UUID aggregateId() {
        return interactionId;
    }

    @Override
    public String aggregateType() {
        return "ai_interaction";
    }
}
