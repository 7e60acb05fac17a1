package io.prdtool.shared.events.org;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A member's role changed from {@code previousRole} to {@code role}. */
@RegisterForReflection
public record MemberRoleChanged(UUID organizationId, UUID userId, String subject, OrgRole role,
        OrgRole previousRole) implements OrgEvent {
}
