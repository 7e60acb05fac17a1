package io.prdtool.shared.events.prd;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A template was created; {@code isDefault} says whether it became the organization's default.
 * {@code requiredSections}: the titles of the sections a PRD must have before review (may be absent from older
 * events).
 */
@RegisterForReflection
public record TemplateCreated(UUID templateId, UUID organizationId, String name, boolean isDefault,
        int sectionCount, UUID actorId,
        List<String> requiredSections) implements TemplateEvent {
}
