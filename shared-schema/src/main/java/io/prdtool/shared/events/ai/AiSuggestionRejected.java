package io.prdtool.shared.events.ai;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user rejected a suggestion; a rejected rubric finding is not raised again for the same text. */
@RegisterForReflection
public record AiSuggestionRejected(UUID suggestionId, UUID organizationId, UUID prdId, UUID interactionId,
        String suggestionType, UUID userId, String subject, Instant rejectedAt) implements AiEvent {

    @Override
    public UUID aggregateId() {
        return suggestionId;
    }

    @Override
    public String aggregateType() {
        return "ai_suggestion";
    }
}
