package io.prdtool.shared.events.integration;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An integration stopped delivering until an admin re-enables it. {@code reason}: {@code auth} (the vendor refused
 * the credentials: 401/403, a revoked token), {@code gone} (the target no longer exists: 410, an archived channel, a
 * deleted webhook), {@code failures} (too many consecutive failed deliveries) or {@code manual} (an admin disabled
 * it; {@code actorId} says who). {@code lastError} is a short, secret-free description of the last failure.
 */
@RegisterForReflection
public record IntegrationDisabled(UUID integrationId, UUID organizationId, String type, String name, String reason,
        String lastError, Integer consecutiveFailures, Instant disabledAt, UUID actorId) implements IntegrationEvent {
}
