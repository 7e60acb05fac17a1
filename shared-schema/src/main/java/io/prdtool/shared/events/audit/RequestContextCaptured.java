package io.prdtool.shared.events.audit;

import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where the request behind a domain event came from: the caller's IP address and user agent, which the activity log
 * shows (seed §5) but which must not reach every consumer of the domain topics. The outbox relay publishes the domain
 * event without them and this record beside it, on the audit topic only; never written by Java code.
 * {@code eventId} is the domain event's ce_id (and this record's key), {@code eventTopic} and {@code domainEventType} say
 * which event it completes.
 */
@RegisterForReflection
public record RequestContextCaptured(UUID eventId, String eventTopic, String domainEventType, UUID organizationId,
        String clientIp, String userAgent) implements DomainEvent {

    @Override
    public UUID aggregateId() {
        return eventId;
    }

    @Override
    public String topic() {
        return Topics.AUDIT_CHANGES;
    }

    @Override
    public String aggregateType() {
        return "event";
    }
}
