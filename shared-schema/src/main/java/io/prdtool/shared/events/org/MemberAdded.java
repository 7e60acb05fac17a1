package io.prdtool.shared.events.org;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user joined an organization with a role. {@code subject} is the user's token subject (identity provider id). */
@RegisterForReflection
public record MemberAdded(UUID organizationId, UUID userId, String subject, OrgRole role) implements OrgEvent {
}
