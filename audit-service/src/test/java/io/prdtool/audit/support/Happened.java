package io.prdtool.audit.support;

import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;

/** A domain event for tests: published on the PRD topic under any type name, numbered per aggregate. */
public record Happened(UUID aggregateId, UUID organizationId, String eventType, int sequence) implements DomainEvent {

    public static Happened prd(UUID aggregateId, UUID organizationId, String type, int sequence) {
        return new Happened(aggregateId, organizationId, type, sequence);
    }

    @Override
    public String topic() {
        return Topics.PRD;
    }

    @Override
    public String aggregateType() {
        return "prd";
    }
}
