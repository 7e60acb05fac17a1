package io.prdtool.shared.events.audit;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One row of a service's domain table was inserted, updated or deleted. Written by the shared audit trigger
 * ({@code prdtool_audit_capture}, see {@code db/shared}) into the service's outbox in the same transaction as the
 * change, never by Java code. {@code recordId} is the row's id (or a name-based UUID of its key when the key is not
 * a UUID, {@code recordKey} then holds the key); {@code changedBy} is the actor the service set for the transaction
 * ({@code prdtool.actor}), not a column of the row.
 */
@RegisterForReflection
public record RowChanged(String service, String table, String operation, UUID recordId, String recordKey,
        UUID organizationId, JsonNode oldRow, JsonNode newRow, String changedBy, Instant changedAt)
        implements
            DomainEvent {

    public static final String INSERT = "INSERT";
    public static final String UPDATE = "UPDATE";
    public static final String DELETE = "DELETE";

    @Override
    public UUID aggregateId() {
        return recordId;
    }

    @Override
    public String topic() {
        return Topics.AUDIT_CHANGES;
    }

    @Override
    public String aggregateType() {
        return table;
    }
}
