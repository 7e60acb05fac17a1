package io.prdtool.shared.events.org;

import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;

/**
 * Organization and membership events, published by prd-service on {@link Topics#ORG}, keyed by organization id (so a
 * consumer sees one organization's membership changes in order). Other services build their membership projection
 * from these instead of calling prd-service.
 */
public sealed interface OrgEvent extends DomainEvent
        permits OrganizationCreated, OrganizationDeleted, MemberAdded, MemberRoleChanged, MemberRemoved {

    @Override
    default UUID aggregateId() {
        return organizationId();
    }

    @Override
    default String topic() {
        return Topics.ORG;
    }

    @Override
    default String aggregateType() {
        return "organization";
    }
}
