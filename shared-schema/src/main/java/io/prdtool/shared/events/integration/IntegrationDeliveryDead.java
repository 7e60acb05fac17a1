package io.prdtool.shared.events.integration;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A delivery to an external target (a Jira push, a Confluence page, a chat message, a git commit, a signed webhook)
 * failed for good: its retry schedule ran out or the target refused it terminally. An admin can replay it.
 * {@code prdId} is null for deliveries not about one PRD; {@code action} names what was delivered (e.g.
 * {@code git.commit}, {@code slack.message}); {@code lastError} is short and secret-free.
 */
@RegisterForReflection
public record IntegrationDeliveryDead(UUID deliveryId, UUID integrationId, UUID organizationId, String type,
        String action, UUID prdId, int attempts, Integer lastStatus, String lastError, Instant deadAt)
        implements
            IntegrationEvent {
}
