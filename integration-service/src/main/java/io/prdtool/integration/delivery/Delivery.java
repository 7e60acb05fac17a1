package io.prdtool.integration.delivery;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One row of the delivery log: what to deliver ({@code action}, {@code payload}) to which integration, its state and
 * its attempts so far. {@code id} is stable across retries (the {@code webhook-id} of a signed webhook).
 */
public record Delivery(UUID id, UUID integrationId, UUID organizationId, String action, String targetKey, UUID prdId,
        UUID sourceEventId, String sourceEventType, ObjectNode payload, String idempotencyKey, String status,
        int attempts, int scheduleOffset, Instant nextAttemptAt, Instant lockedUntil, Integer lastStatus,
        String lastError, String externalId, String externalUrl, Instant createdAt, Instant updatedAt,
        Instant deliveredAt) {

    public static final String PENDING = "pending";
    public static final String IN_FLIGHT = "in_flight";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String DEAD = "dead";
}
