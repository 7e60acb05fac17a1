package io.prdtool.integration.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The response shapes of the delivery log API. */
public final class DeliveryApi {

    private DeliveryApi() {
    }

    @RegisterForReflection
    @Schema(name = "Delivery", description = "One delivery: pending, in_flight, delivered, failed (refused; replayable)"
            + " or dead (retries exhausted; replayable). payload and attempts only on the single-delivery answer.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryView(UUID id, UUID integrationId, UUID organizationId, String action, UUID prdId,
            UUID sourceEventId, String sourceEventType, String status, int attempts, Instant nextAttemptAt,
            Integer lastStatus, String lastError, String externalId, String externalUrl, Instant createdAt,
            Instant updatedAt, Instant deliveredAt, JsonNode payload, List<AttemptView> attemptLog) {
    }

    @RegisterForReflection
    @Schema(name = "DeliveryAttempt", description = "One attempt; excerpts are redacted and at most 2,000 characters")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptView(int attempt, Instant startedAt, int durationMs, String outcome, Integer statusCode,
            String errorClass, String error, String request, String response) {
    }

    @RegisterForReflection
    @Schema(name = "DeliveryPage", description = "Newest first; pass next as ?after= for the following page")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryPage(List<DeliveryView> items, String next) {
    }
}
