package io.prdtool.shared.events.ai;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A user accepted a suggestion and it was applied to the live collaborative document on their behalf;
 * {@code appliedUpdateId} is collab-service's operation-log id of that edit (null when the suggestion proposed no text
 * change and accepting only resolved it).
 */
@RegisterForReflection
public record AiSuggestionAccepted(UUID suggestionId, UUID organizationId, UUID prdId, UUID interactionId,
        String suggestionType, UUID userId, String subject, Long appliedUpdateId, Instant acceptedAt)
        implements
            AiEvent {

    @Override
    public UUID aggregateId() {
        return suggestionId;
    }

    @Override
    public String aggregateType() {
        return "ai_suggestion";
    }
}
