package io.prdtool.shared.events.prd;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A template was created; {@code isDefault} says whether it became the organization's default. */
@RegisterForReflection
public record TemplateCreated(UUID templateId, UUID organizationId, String name, boolean isDefault,
        int sectionCount, UUID actorId) implements TemplateEvent {
}
