package io.prdtool.ai.interaction;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.prdtool.ai.suggestion.SuggestionView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One call to a provider as recorded (seed §4.1): who asked for which action, which model answered, tokens (the
 * provider's, or counted locally when {@code usageEstimated}), timings, the outcome, and what it produced.
 * {@code response} and {@code result} are absent once purged by the organization's retention setting.
 */
@RegisterForReflection
@Schema(name = "AiInteraction")
public record InteractionView(UUID id, UUID organizationId, UUID prdId, String userSubject, String action,
        @Schema(enumeration = {
                "pending", "streaming", "completed", "failed", "cancelled"}) String status,
        String provider, @Schema(enumeration = {"deployment", "organization"}) String providerSource,
        String modelRequested, String modelReturned, String promptVersion, Integer promptTokens,
        Integer responseTokens, boolean usageEstimated, Integer maxOutputTokens, String finishReason,
        Integer timeToFirstTokenMs, Integer durationMs, String errorCode, String errorMessage, String cancelReason,
        String response, JsonNode result, boolean textPurged, Instant createdAt, Instant completedAt,
        List<SuggestionView> suggestions){

    public InteractionView withSuggestions(List<SuggestionView> list) {
        return new InteractionView(id, organizationId, prdId, userSubject, action, status, provider, providerSource,
                modelRequested, modelReturned, promptVersion, promptTokens, responseTokens, usageEstimated,
                maxOutputTokens, finishReason, timeToFirstTokenMs, durationMs, errorCode, errorMessage, cancelReason,
                response, result, textPurged, createdAt, completedAt, list);
    }

    /** The same record with the answer the caller waited for (when retention 0 kept none of it). */
    public InteractionView withAnswer(String answer, JsonNode answerResult) {
        return new InteractionView(id, organizationId, prdId, userSubject, action, status, provider, providerSource,
                modelRequested, modelReturned, promptVersion, promptTokens, responseTokens, usageEstimated,
                maxOutputTokens, finishReason, timeToFirstTokenMs, durationMs, errorCode, errorMessage, cancelReason,
                answer, answerResult, true, createdAt, completedAt, suggestions);
    }

    public boolean running() {
        return "pending".equals(status) || "streaming".equals(status);
    }
}
