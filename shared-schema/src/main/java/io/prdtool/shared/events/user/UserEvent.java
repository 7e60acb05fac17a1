package io.prdtool.shared.events.user;

import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;

/**
 * Users of the platform, published by prd-service on {@link Topics#USER}, keyed by user id. Users belong to no
 * organization ({@code organizationId} is null); memberships travel on {@link Topics#ORG}.
 */
public sealed interface UserEvent extends DomainEvent permits UserProvisioned, UserProfileUpdated {

    UUID userId();

    @Override
    default UUID aggregateId() {
        return userId();
    }

    @Override
    default UUID organizationId() {
        return null;
    }

    @Override
    default String topic() {
        return Topics.USER;
    }

    @Override
    default String aggregateType() {
        return "user";
    }
}
