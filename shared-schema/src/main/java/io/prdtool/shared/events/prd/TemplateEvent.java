package io.prdtool.shared.events.prd;

import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;

/** PRD templates, published by prd-service on {@link Topics#PRD}, keyed by template id. */
public sealed interface TemplateEvent extends DomainEvent permits TemplateCreated, TemplateUpdated, TemplateDeleted {

    UUID templateId();

    @Override
    default UUID aggregateId() {
        return templateId();
    }

    @Override
    default String topic() {
        return Topics.PRD;
    }

    @Override
    default String aggregateType() {
        return "template";
    }
}
