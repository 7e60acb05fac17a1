package io.prdtool.shared.events.ai;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A generative action proposed a change to a PRD's text ({@code suggestionType}: improve, shorten, expand,
 * draft_section, ...), stored as an open suggestion anchored to the text it changes. Rubric findings are summarized
 * by {@link AiCritiqueCompleted} instead of one event each.
 */
@RegisterForReflection
public record AiSuggestionCreated(UUID suggestionId, UUID organizationId, UUID prdId, UUID interactionId,
        String suggestionType, String source, UUID userId, String subject) implements AiEvent {

    @Override
    public UUID aggregateId() {
        return suggestionId;
    }

    @Override
    public String aggregateType() {
        return "ai_suggestion";
    }
}
