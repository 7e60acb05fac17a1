package io.prdtool.shared.events.org;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An organization was created. The creator ({@code userId}, token {@code subject}) is its first owner; consumers
 * record that membership from this event alone (a {@link MemberAdded} for the creator is allowed and harmless).
 */
@RegisterForReflection
public record OrganizationCreated(UUID organizationId, String name, String slug, UUID userId, String subject)
        implements
            OrgEvent {
}
