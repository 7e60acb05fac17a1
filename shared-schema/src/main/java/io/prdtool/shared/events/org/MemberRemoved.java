package io.prdtool.shared.events.org;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user left (or was removed from) an organization. */
@RegisterForReflection
public record MemberRemoved(UUID organizationId, UUID userId, String subject) implements OrgEvent {
}
