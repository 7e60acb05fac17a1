package io.prdtool.integration.integration;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An integration as stored (never its credential): type, name, the validated non-secret settings, what is known of
 * the credential (last four characters, expiry) and its health.
 */
public record Integration(UUID id, UUID organizationId, IntegrationType type, String name, boolean enabled,
        ObjectNode settings, String secretLast4, Instant secretSetAt, Instant secretExpiresAt, String createdBy,
        String disabledReason, Instant disabledAt, String lastError, int consecutiveFailures, String circuitState,
        Instant circuitRetryAt, Instant lastSuccessAt, Instant createdAt, Instant updatedAt) {

    public boolean hasSecret() {
        return secretLast4 != null;
    }

    /** {@code webhook} or {@code bot} for Slack and Mattermost; {@code webhook} otherwise. */
    public String mode() {
        return settings.path("mode").asText("webhook");
    }

    /** Whether PRD event {@code eventType} of {@code projectId} goes to this integration. */
    public boolean receives(String eventType, UUID projectId) {
        var events = settings.path("events");
        boolean subscribed = false;
        for (var e : events) {
            subscribed |= e.asText().equals(eventType);
        }
        return subscribed && coversProject(projectId);
    }

    /** No {@code projectIds}: every project of the organization; else only those listed. */
    public boolean coversProject(UUID projectId) {
        var ids = settings.path("projectIds");
        if (!ids.isArray() || ids.isEmpty()) {
            return true;
        }
        for (var id : ids) {
            if (projectId != null && id.asText().equals(projectId.toString())) {
                return true;
            }
        }
        return false;
    }

    /** The associated data that binds this integration's credential to its row (organization and id). */
    public static String secretBinding(UUID organizationId, UUID integrationId) {
        return "integration:" + organizationId + ":" + integrationId;
    }
}
