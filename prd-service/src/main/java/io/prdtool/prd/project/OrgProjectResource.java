package io.prdtool.prd.project;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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

@Path("/api/v1/orgs/{orgId}/projects")
@Tag(name = "projects", description = "Projects group PRDs inside an organization; archived projects are read-only")
@Authenticated
public class OrgProjectResource {

    private final CurrentUser current;
    private final ProjectService projects;

    public OrgProjectResource(CurrentUser current, ProjectService projects) {
        this.current = current;
        this.projects = projects;
    }

    @POST
    @Operation(summary = "Create a project (owner, admin, member)")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "Slug taken in this organization")
    public Uni<RestResponse<ProjectApi.ProjectView>> create(@PathParam("orgId") UUID orgId,
            @Valid @NotNull ProjectApi.CreateProject request) {
        return current.id().chain(uid -> projects.create(uid, orgId, request))
                .map(p -> Responses.created("/api/v1/projects/" + p.id(), p));
    }

    @GET
    @Operation(summary = "List projects, newest first (any member); archived ones only with includeArchived=true")
    public Uni<Page<ProjectApi.ProjectView>> list(@PathParam("orgId") UUID orgId,
            @QueryParam("includeArchived") @DefaultValue("false") boolean includeArchived,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return current.id().chain(uid -> projects.list(uid, orgId, includeArchived, offset, limit));
    }
}
