package io.prdtool.ai.review;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.prdtool.ai.suggestion.SuggestionView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A review of one content of a PRD against the organization's rubric: a score per dimension (0..100), the overall
 * score, and the findings that are open now (each a suggestion anchored to its text).
 */
@RegisterForReflection
@Schema(name = "AiReview")
public record CritiqueView(UUID id, UUID organizationId, UUID prdId, String contentHash, String rubricVersion,
        @Schema(enumeration = {
                "rubric", "llm"}) String source,
        @Schema(enumeration = {"content_changed", "on_demand"}) String trigger, int overallScore,
        Map<String, Integer> scores, int findingCount, Integer newFindings, boolean cached, Instant createdAt,
        List<SuggestionView> findings){
}
