package io.prdtool.prd.prd;

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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.prdtool.prd.common.Page;
import io.prdtool.prd.common.Responses;
import io.prdtool.prd.user.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/projects/{projectId}/prds")
@Tag(name = "prds", description = "PRDs: Markdown content, metadata, status workflow and approvals")
@Authenticated
public class ProjectPrdResource {

    private final CurrentUser current;
    private final PrdService prds;

    public ProjectPrdResource(CurrentUser current, PrdService prds) {
        this.current = current;
        this.prds = prds;
    }

    @POST
    @Operation(summary = "Create a PRD (owner, admin, member); from a template's skeleton when no content is given", description = "Records version 1.0.0. Without templateId the organization's default template is used, if any.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "Slug taken, or the project is archived")
    public Uni<RestResponse<PrdApi.PrdView>> create(@PathParam("projectId") UUID projectId,
            @Valid @NotNull PrdApi.CreatePrd request) {
        return current.id().chain(uid -> prds.create(uid, projectId, request))
                .map(p -> Responses.created("/api/v1/prds/" + p.id(), p));
    }

    @GET
    @Operation(summary = "List a project's PRDs without content, most recently updated first (any member)")
    public Uni<Page<PrdApi.PrdListItem>> list(@PathParam("projectId") UUID projectId,
            @Parameter(description = "draft, in_review, approved, published or archived") @QueryParam("status") String status,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return current.id().chain(uid -> prds.list(uid, projectId, status, offset, limit));
    }
}
