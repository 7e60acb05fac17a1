package io.prdtool.shared.events.org;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An organization was deleted; its memberships end with it (audit data about it is kept). */
@RegisterForReflection
public record OrganizationDeleted(UUID organizationId) implements OrgEvent {
}
