package io.prdtool.shared.events.prd;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A template changed (values after the change); becoming default also un-defaults the previous default.
 * {@code requiredSections}: the titles of the sections a PRD must have before review (may be absent from older
 * events).
 */
@RegisterForReflection
public record TemplateUpdated(UUID templateId, UUID organizationId, String name, boolean isDefault,
        int sectionCount, List<String> changedFields, UUID actorId,
        List<String> requiredSections) implements TemplateEvent {
}
