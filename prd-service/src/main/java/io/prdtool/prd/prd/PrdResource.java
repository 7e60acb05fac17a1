package io.prdtool.prd.prd;

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
import jakarta.ws.rs.PUT;
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

@Path("/api/v1")
@Tag(name = "prds", description = "PRDs: Markdown content, metadata, status workflow and approvals")
@Authenticated
public class PrdResource {

    private final CurrentUser current;
    private final PrdService prds;

    public PrdResource(CurrentUser current, PrdService prds) {
        this.current = current;
        this.prds = prds;
    }

    @POST
    @Path("/projects/{projectId}/prds")
    @Operation(summary = "Create a PRD (owner, admin, member); from a template's skeleton when no content is given", description = "Records version 1.0.0. Without templateId the organization's default template is used, if any.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "Slug taken, or the project is archived")
    public Uni<RestResponse<PrdApi.PrdView>> create(@PathParam("projectId") UUID projectId,
            @Valid @NotNull PrdApi.CreatePrd request) {
        return current.id().chain(uid -> prds.create(uid, projectId, request))
                .map(p -> Responses.created("/api/v1/prds/" + p.id(), p));
    }

    @GET
    @Path("/projects/{projectId}/prds")
    @Operation(summary = "List a project's PRDs without content, most recently updated first (any member)")
    public Uni<Page<PrdApi.PrdListItem>> list(@PathParam("projectId") UUID projectId,
            @Parameter(description = "draft, in_review, approved, published or archived") @QueryParam("status") String status,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return current.id().chain(uid -> prds.list(uid, projectId, status, offset, limit));
    }

    @GET
    @Path("/prds/{prdId}")
    @Operation(summary = "One PRD with its content (any member)")
    public Uni<PrdApi.PrdView> get(@PathParam("prdId") UUID prdId) {
        return current.id().chain(uid -> prds.get(uid, prdId));
    }

    @PATCH
    @Path("/prds/{prdId}")
    @Operation(summary = "Edit title, slug, content or metadata (owner, admin, member)", description = "Changing the content of an approved or published PRD voids its approval: it returns to"
            + " in_review and PrdApprovalInvalidated is published. Status and ownership fields are not"
            + " editable here.")
    @APIResponse(responseCode = "409", description = "Slug taken, PRD archived, or project archived")
    public Uni<PrdApi.PrdView> update(@PathParam("prdId") UUID prdId, @Valid @NotNull PrdApi.UpdatePrd request) {
        return current.id().chain(uid -> prds.update(uid, prdId, request));
    }

    @POST
    @Path("/prds/{prdId}/status")
    @Operation(summary = "Move through the workflow draft → in_review → approved → published → archived (→ draft)", description = "in_review/draft: owner, admin, member; approved: see /approve; published, archived and"
            + " leaving published/archived: owner, admin. Going to in_review requires the template's"
            + " required sections.")
    @APIResponse(responseCode = "409", description = "Transition not allowed; the body lists the allowed ones")
    public Uni<PrdApi.PrdView> changeStatus(@PathParam("prdId") UUID prdId,
            @Valid @NotNull PrdApi.ChangeStatus request) {
        return current.id().chain(uid -> prds.changeStatus(uid, prdId, request));
    }

    @POST
    @Path("/prds/{prdId}/approve")
    @Operation(summary = "Approve a PRD in review (owner, admin, or a named approver)", description = "Records approved_by, approved_at and the SHA-256 of the approved content.")
    @APIResponse(responseCode = "409", description = "Not in review, or the content changed since contentHash")
    public Uni<PrdApi.PrdView> approve(@PathParam("prdId") UUID prdId, @Valid PrdApi.Approve request) {
        return current.id().chain(uid -> prds.approve(uid, prdId, request));
    }

    @PUT
    @Path("/prds/{prdId}/approvers")
    @Operation(summary = "Name the members who may approve this PRD besides owners and admins (owner, admin)")
    public Uni<PrdApi.PrdView> setApprovers(@PathParam("prdId") UUID prdId,
            @Valid @NotNull PrdApi.SetApprovers request) {
        return current.id().chain(uid -> prds.setApprovers(uid, prdId, request));
    }

    @DELETE
    @Path("/prds/{prdId}")
    @Operation(summary = "Delete a PRD and its versions (owner, admin)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Void> delete(@PathParam("prdId") UUID prdId) {
        return current.id().chain(uid -> prds.delete(uid, prdId));
    }
}
