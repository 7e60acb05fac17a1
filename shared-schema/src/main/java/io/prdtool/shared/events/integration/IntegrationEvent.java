package io.prdtool.shared.events.integration;

import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;

/**
 * The health of integrations and their deliveries, published by integration-service on {@link Topics#INTEGRATION},
 * keyed by integration id. Events carry no secret and no request or response body.
 */
public sealed interface IntegrationEvent extends DomainEvent permits IntegrationDisabled, IntegrationDeliveryDead {

    UUID integrationId();

    @Override
    default UUID aggregateId() {
        return integrationId();
    }

    @Override
    default String topic() {
        return Topics.INTEGRATION;
    }

    @Override
    default String aggregateType() {
        return "integration";
    }
}
