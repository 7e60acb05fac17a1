package io.prdtool.shared.events.prd;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A template changed (values after the change); becoming default also un-defaults the previous default. */
@RegisterForReflection
public record TemplateUpdated(UUID templateId, UUID organizationId, String name, boolean isDefault,
        int sectionCount, List<String> changedFields, UUID actorId) implements TemplateEvent {
}
