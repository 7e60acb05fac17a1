package io.prdtool.shared.events.collab;

import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;

/**
 * Collaboration events, published by collab-service on {@link Topics#COLLAB}, keyed by PRD id. Every one carries
 * {@code prdId} and, where known, the prd-service {@code userId} it is about (consumers count it as that user's
 * activity); {@link PrdContentChanged} also carries the document as Markdown in {@code content}.
 */
public sealed interface CollabEvent extends DomainEvent permits PrdContentChanged, CollaboratorActive {

    UUID prdId();

    @Override
    default UUID aggregateId() {
        return prdId();
    }

    @Override
    default String topic() {
        return Topics.COLLAB;
    }

    @Override
    default String aggregateType() {
        return "prd";
    }
}
