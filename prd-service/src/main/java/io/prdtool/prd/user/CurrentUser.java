package io.prdtool.prd.user;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.prdtool.shared.auth.Caller;
import io.smallrye.mutiny.Uni;

/** The caller of the current request as a user id of this service (provisioned just in time). */
@RequestScoped
public class CurrentUser {

    private final JsonWebToken jwt;
    private final UserService users;

    public CurrentUser(JsonWebToken jwt, UserService users) {
        this.jwt = jwt;
        this.users = users;
    }

    public Uni<UUID> id() {
        return Uni.createFrom().deferred(() -> users.resolve(Caller.of(jwt)));
    }
}
