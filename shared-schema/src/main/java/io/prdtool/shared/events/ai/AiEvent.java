package io.prdtool.shared.events.ai;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;

/**
 * AI help on PRDs, published by ai-service on {@link Topics#AI}. Interaction events are keyed by interaction id (an
 * interaction's start precedes its end), suggestion events by suggestion id, critiques by PRD id and budget events by
 * organization id. Events carry no PRD text, prompt or model output: consumers that need them read ai-service's API
 * with the user's token.
 */
public sealed interface AiEvent extends DomainEvent permits AiInteractionStarted, AiInteractionCompleted,
        AiInteractionFailed, AiInteractionCancelled, AiSuggestionCreated, AiSuggestionAccepted, AiSuggestionRejected,
        AiCritiqueCompleted, AiBudgetThresholdReached {

    @Override
    default String topic() {
        return Topics.AI;
    }
}
