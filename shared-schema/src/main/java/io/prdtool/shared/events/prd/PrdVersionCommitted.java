package io.prdtool.shared.events.prd;

import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Published by integration-service on {@link Topics#INTEGRATION} once a PRD version has been committed to the
 * project's git repository; prd-service records {@code commitHash} on that version.
 */
@RegisterForReflection
public record PrdVersionCommitted(UUID prdId, UUID organizationId, String version, String commitHash,
        String repositoryUrl) implements DomainEvent {

    @Override
    public UUID aggregateId() {
        return prdId;
    }

    @Override
    public String topic() {
        return Topics.INTEGRATION;
    }

    @Override
    public String aggregateType() {
        return "prd";
    }
}
