package io.prdtool.prd.user;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/users/me")
@Tag(name = "users", description = "Your own profile; users are provisioned from the access token on first use")
@Authenticated
public class UserResource {

    private final CurrentUser current;
    private final UserService users;

    public UserResource(CurrentUser current, UserService users) {
        this.current = current;
        this.users = users;
    }

    @GET
    @Operation(summary = "Your profile (created from the token's sub, email and name on first call)")
    public Uni<UserView> me() {
        return current.id().chain(users::me);
    }

    @PATCH
    @Operation(summary = "Change your display name or avatar (https URL); email and permissions are not editable")
    public Uni<UserView> update(@Valid @NotNull UpdateProfileRequest request) {
        return current.id().chain(id -> users.updateProfile(id, request));
    }
}
