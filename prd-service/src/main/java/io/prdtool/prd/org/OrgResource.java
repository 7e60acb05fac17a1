package io.prdtool.prd.org;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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

@Path("/api/v1/orgs")
@Tag(name = "organizations", description = "Organizations (tenants); every other resource lives inside one")
@Authenticated
public class OrgResource {

    private final CurrentUser current;
    private final OrgService orgs;

    public OrgResource(CurrentUser current, OrgService orgs) {
        this.current = current;
        this.orgs = orgs;
    }

    @POST
    @Operation(summary = "Create an organization; you become its owner (any authenticated user)")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "Slug taken")
    public Uni<RestResponse<OrgApi.OrgView>> create(@Valid @NotNull OrgApi.CreateOrg request) {
        return current.id().chain(uid -> orgs.create(uid, request))
                .map(o -> Responses.created("/api/v1/orgs/" + o.id(), o));
    }

    @GET
    @Operation(summary = "The organizations you are a member of, with your role in each")
    public Uni<Page<OrgApi.OrgView>> list(@QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return current.id().chain(uid -> orgs.listMine(uid, offset, limit));
    }

    @GET
    @Path("/{orgId}")
    @Operation(summary = "One organization (any member)")
    @APIResponse(responseCode = "404", description = "No such organization, or you are not a member")
    public Uni<OrgApi.OrgView> get(@PathParam("orgId") UUID orgId) {
        return current.id().chain(uid -> orgs.get(uid, orgId));
    }

    @PATCH
    @Path("/{orgId}")
    @Operation(summary = "Rename, re-slug or change settings (owner, admin); subscription tier (owner)")
    public Uni<OrgApi.OrgView> update(@PathParam("orgId") UUID orgId, @Valid @NotNull OrgApi.UpdateOrg request) {
        return current.id().chain(uid -> orgs.update(uid, orgId, request));
    }
}
