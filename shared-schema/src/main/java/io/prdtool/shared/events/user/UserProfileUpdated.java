package io.prdtool.shared.events.user;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user changed their display name or avatar (the values after the change). */
@RegisterForReflection
public record UserProfileUpdated(UUID userId, String name, String avatarUrl) implements UserEvent {
}
