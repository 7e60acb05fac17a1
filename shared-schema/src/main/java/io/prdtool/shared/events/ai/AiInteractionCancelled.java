package io.prdtool.shared.events.ai;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A generative AI action was stopped before it finished: {@code reason} is {@code cancelled} (the cancel endpoint)
 * or {@code disconnected} (the streaming client went away). The upstream request was aborted; tokens streamed until
 * then are counted (estimated when the provider sent no usage).
 */
@RegisterForReflection
public record AiInteractionCancelled(UUID interactionId, UUID organizationId, UUID prdId, UUID userId,
        String subject, String action, String provider, String modelRequested, String reason, int promptTokens,
        int responseTokens, boolean usageEstimated, long durationMs, Instant cancelledAt) implements AiEvent {

    @Override
    public UUID aggregateId() {
        return interactionId;
    }

    @Override
    public String aggregateType() {
        return "ai_interaction";
    }
}
