package io.prdtool.shared.events.ai;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An organization's AI token use for {@code period} (a calendar month, {@code 2026-12}, UTC) crossed
 * {@code thresholdPercent} (80, then 100) of its {@code tokenBudget}; published once per threshold and period.
 */
@RegisterForReflection
public record AiBudgetThresholdReached(UUID organizationId, String period, int thresholdPercent, long tokensUsed,
        long tokenBudget, Instant reachedAt) implements AiEvent {

    @Override
    public UUID aggregateId() {
        return organizationId;
    }

    @Override
    public String aggregateType() {
        return "organization";
    }
}
