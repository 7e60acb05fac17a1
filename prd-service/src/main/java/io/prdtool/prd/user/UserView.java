package io.prdtool.prd.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@Schema(name = "User", description = "A user's profile. permissions are global (platform-wide), not organization roles.")
public record UserView(UUID id, String email, String name, String avatarUrl,
        @Schema(example = "[]") List<String> permissions, boolean active, Instant lastLoginAt, Instant createdAt,
        Instant updatedAt) {

    static UserView of(UserEntity u) {
        return new UserView(u.id, u.email, u.name, u.avatarUrl, List.of(u.permissions), u.active, u.lastLoginAt,
                u.createdAt, u.updatedAt);
    }
}
