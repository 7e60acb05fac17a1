package io.prdtool.prd.org;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.prdtool.prd.common.Page;
import io.prdtool.prd.common.Responses;
import io.prdtool.prd.user.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/orgs/{orgId}/members")
@Tag(name = "members", description = "Organization memberships and roles (owner, admin, member, viewer)")
@Authenticated
public class MemberResource {

    private final CurrentUser current;
    private final MemberService members;

    public MemberResource(CurrentUser current, MemberService members) {
        this.current = current;
        this.members = members;
    }

    @GET
    @Operation(summary = "List members (any member)")
    public Uni<Page<OrgApi.MemberView>> list(@PathParam("orgId") UUID orgId,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return current.id().chain(uid -> members.list(uid, orgId, offset, limit));
    }

    @POST
    @Operation(summary = "Add a member by email or user id (owner, admin; only owners add owners)", description = "A user who never logged in is created by email and bound to their identity at first login.")
    @APIResponse(responseCode = "201", description = "Added")
    @APIResponse(responseCode = "409", description = "Already a member")
    public Uni<RestResponse<OrgApi.MemberView>> add(@PathParam("orgId") UUID orgId,
            @Valid @NotNull OrgApi.AddMember request) {
        return current.id().chain(uid -> members.add(uid, orgId, request))
                .map(m -> Responses.created("/api/v1/orgs/" + orgId + "/members/" + m.userId(), m));
    }

    @PATCH
    @Path("/{userId}")
    @Operation(summary = "Change a member's role (owner, admin; only owners grant or revoke owner)")
    @APIResponse(responseCode = "409", description = "Would leave the organization without an owner")
    public Uni<OrgApi.MemberView> changeRole(@PathParam("orgId") UUID orgId, @PathParam("userId") UUID userId,
            @Valid @NotNull OrgApi.ChangeRole request) {
        return current.id().chain(uid -> members.changeRole(uid, orgId, userId, request));
    }

    @DELETE
    @Path("/{userId}")
    @Operation(summary = "Remove a member (owner, admin; owners only by owners); anyone may remove themselves")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "409", description = "Would leave the organization without an owner")
    public Uni<Void> remove(@PathParam("orgId") UUID orgId, @PathParam("userId") UUID userId) {
        return current.id().chain(uid -> members.remove(uid, orgId, userId));
    }
}
