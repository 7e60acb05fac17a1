package io.prdtool.shared.events.ai;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A generative AI action failed: {@code errorCode} is one of {@code provider_error} (the provider answered an error),
 * {@code rate_limited} (the provider's 429), {@code auth} (the provider refused the key), {@code timeout},
 * {@code invalid_output} (the answer was not what the action needs), {@code output_too_large}, {@code unreachable}
 * or {@code internal}. Tokens the provider consumed still count against the budget.
 */
@RegisterForReflection
public record AiInteractionFailed(UUID interactionId, UUID organizationId, UUID prdId, UUID userId, String subject,
        String action, String provider, String modelRequested, String errorCode, String errorMessage,
        int promptTokens, int responseTokens, boolean usageEstimated, long durationMs, Instant failedAt)
        implements
            AiEvent {

    @Override
    public UUID aggregateId() {
        return interactionId;
    }

    @Override
    public String aggregateType() {
        return "ai_interaction";
    }
}
