package io.prdtool.shared.events.user;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A user row came to exist or got bound to an identity. {@code source}: {@code login} (first login, created from
 * the token), {@code invitation} (added to an organization by email before ever logging in; {@code subject} is
 * null), {@code invitation_accepted} (first login of an invited user: the subject is now bound).
 */
@RegisterForReflection
public record UserProvisioned(UUID userId, String subject, String email, String name, Source source)
        implements
            UserEvent {

    public enum Source {
        @JsonProperty("login")
        LOGIN, @JsonProperty("invitation")
        INVITATION, @JsonProperty("invitation_accepted")
        INVITATION_ACCEPTED
    }
}
