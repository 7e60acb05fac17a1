package io.prdtool.shared.events.project;

import java.util.UUID;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.Topics;

/** Projects, published by prd-service on {@link Topics#PROJECT}, keyed by project id. */
public sealed interface ProjectEvent extends DomainEvent
        permits ProjectCreated, ProjectUpdated, ProjectArchived, ProjectUnarchived {

    UUID projectId();

    @Override
    default UUID aggregateId() {
        return projectId();
    }

    @Override
    default String topic() {
        return Topics.PROJECT;
    }

    @Override
    default String aggregateType() {
        return "project";
    }
}
