package io.prdtool.shared.events.ai;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A PRD's content (identified by {@code contentHash}) was reviewed against the organization's rubric.
 * {@code source}: {@code rubric} (the deterministic reviewer, no provider needed) or {@code llm}; {@code trigger}:
 * {@code content_changed} or {@code on_demand}. {@code scores} maps each rubric dimension to 0..100;
 * {@code newFindings} of {@code findingCount} were not open before.
 */
@RegisterForReflection
public record AiCritiqueCompleted(UUID critiqueId, UUID organizationId, UUID prdId, String contentHash,
        String rubricVersion, String source, String trigger, int overallScore, Map<String, Integer> scores,
        int findingCount, int newFindings, Instant completedAt) implements AiEvent {

    @Override
    public UUID aggregateId() {
        return prdId;
    }

    @Override
    public String aggregateType() {
        return "prd";
    }
}
