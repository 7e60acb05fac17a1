package io.prdtool.ai.suggestion;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A proposed change to a PRD's text (seed §4.2): accepting it replaces the text its anchor quotes
 * ({@code anchor.exact}, located again by {@code prefix}/{@code suffix} and near {@code start}) by
 * {@code suggestedText} in the live document; without an anchor the text is appended at the end; without
 * {@code suggestedText} it is a finding to resolve by hand (accepting only marks it resolved). {@code metadata}
 * holds the rule, dimension, severity, message and hint of rubric findings.
 */
@RegisterForReflection
@Schema(name = "AiSuggestion")
public record SuggestionView(UUID id, UUID organizationId, UUID prdId, UUID interactionId, UUID critiqueId,
        String suggestionType, @Schema(enumeration = {
                "llm", "rubric"}) String source,
        @Schema(enumeration = {"open", "accepted", "rejected", "stale"}) String status, JsonNode anchor,
        String originalText, String suggestedText, JsonNode metadata, String contentHash, String createdBy,
        UUID acceptedBy, String acceptedBySubject, Instant acceptedAt, Long appliedUpdateId, UUID rejectedBy,
        String rejectedBySubject, Instant rejectedAt, String staleReason, Instant createdAt, Instant updatedAt){
}
