package io.prdtool.shared.events.prd;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A template was deleted; PRDs created from it keep their content and lose the reference. */
@RegisterForReflection
public record TemplateDeleted(UUID templateId, UUID organizationId, String name, UUID actorId)
        implements
            TemplateEvent {
}
