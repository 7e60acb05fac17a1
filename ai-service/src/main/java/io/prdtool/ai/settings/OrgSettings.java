package io.prdtool.ai.settings;

import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An organization's AI switches: AI on or off, actions turned off, how long prompt and response text is kept (null:
 * the deployment default), a monthly token cap (null: the tier's budget) and its rubric adjustments (null: defaults).
 */
public record OrgSettings(UUID organizationId, boolean aiEnabled, Set<String> disabledActions,
        Integer promptRetentionDays, Long monthlyTokenBudget, JsonNode rubric) {

    public static OrgSettings defaults(UUID organizationId) {
        return new OrgSettings(organizationId, true, Set.of(), null, null, null);
    }

    public boolean allows(String action) {
        return aiEnabled && !disabledActions.contains(action);
    }
}
