package io.prdtool.shared.events.org;

import java.util.List;
import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An organization's name, slug, settings or subscription tier changed (values after the change). Published by
 * prd-service on {@link Topics#ORG}, keyed by organization id like the other organization events.
 */
@RegisterForReflection
public record OrganizationUpdated(UUID organizationId, String name, String slug, String subscriptionTier,
        List<String> changedFields, UUID actorId) implements DomainEvent {

    @Override
    public UUID aggregateId() {
        return organizationId;
    }

    @Override
    public String topic() {
        return Topics.ORG;
    }

    @Override
    public String aggregateType() {
        return "organization";
    }
}
