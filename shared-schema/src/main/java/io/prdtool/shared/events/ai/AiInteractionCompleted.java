package io.prdtool.shared.events.ai;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A generative AI action finished with a valid answer. Token counts are the provider's, or counted locally when it
 * reported none ({@code usageEstimated}); {@code suggestionCount} suggestions were stored from the answer.
 */
@RegisterForReflection
public record AiInteractionCompleted(UUID interactionId, UUID organizationId, UUID prdId, UUID userId,
        String subject, String action, String provider, String modelRequested, String modelReturned,
        String promptVersion, int promptTokens, int responseTokens, boolean usageEstimated, long durationMs,
        Long timeToFirstTokenMs, int suggestionCount, Instant completedAt) implements AiEvent {

    @Override
    public UUID aggregateId() {
        return interactionId;
    }

    @Override
    public String aggregateType() {
        return "ai_interaction";
    }
}
