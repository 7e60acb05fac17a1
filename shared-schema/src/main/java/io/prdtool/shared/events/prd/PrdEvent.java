package io.prdtool.shared.events.prd;

import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;

/**
 * PRD lifecycle events, published by prd-service on {@link Topics#PRD}, keyed by PRD id: one PRD's events arrive in
 * commit order. {@code actorId} is the prd-service user id of whoever caused the change (null for system changes).
 */
public sealed interface PrdEvent extends DomainEvent permits PrdCreated, PrdUpdated, PrdStatusChanged, PrdApproved,
        PrdApprovalInvalidated, PrdVersionCreated, PrdDeleted {

    UUID prdId();

    UUID projectId();

    @Override
    default UUID aggregateId() {
        return prdId();
    }

    @Override
    default String topic() {
        return Topics.PRD;
    }

    @Override
    default String aggregateType() {
        return "prd";
    }
}
