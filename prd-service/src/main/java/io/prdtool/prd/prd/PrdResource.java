package io.prdtool.prd.prd;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.prd.user.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/prds/{prdId}")
@Tag(name = "prds", description = "PRDs: Markdown content, metadata, status workflow and approvals")
@Authenticated
public class PrdResource {

    private final CurrentUser current;
    private final PrdService prds;

    public PrdResource(CurrentUser current, PrdService prds) {
        this.current = current;
        this.prds = prds;
    }

    @GET
    @Operation(summary = "One PRD with its content (any member)")
    public Uni<PrdApi.PrdView> get(@PathParam("prdId") UUID prdId) {
        return current.id().chain(uid -> prds.get(uid, prdId));
    }

    @PATCH
    @Operation(summary = "Edit title, slug, content or metadata (owner, admin, member)", description = "Changing the content of an approved or published PRD voids its approval: it returns to"
            + " in_review and PrdApprovalInvalidated is published. Status and ownership fields are not"
            + " editable here.")
    @APIResponse(responseCode = "409", description = "Slug taken, PRD archived, or project archived")
    public Uni<PrdApi.PrdView> update(@PathParam("prdId") UUID prdId, @Valid @NotNull PrdApi.UpdatePrd request) {
        return current.id().chain(uid -> prds.update(uid, prdId, request));
    }

    @POST
    @Path("/status")
    @Operation(summary = "Move through the workflow draft → in_review → approved → published → archived (→ draft)", description = "in_review/draft: owner, admin, member; approved: see /approve; published, archived and"
            + " leaving published/archived: owner, admin. Going to in_review requires the template's"
            + " required sections.")
    @APIResponse(responseCode = "409", description = "Transition not allowed; the body lists the allowed ones")
    public Uni<PrdApi.PrdView> changeStatus(@PathParam("prdId") UUID prdId,
            @Valid @NotNull PrdApi.ChangeStatus request) {
        return current.id().chain(uid -> prds.changeStatus(uid, prdId, request));
    }

    @POST
    @Path("/approve")
    @Operation(summary = "Approve a PRD in review (owner, admin, or a named approver)", description = "Records approved_by, approved_at and the SHA-256 of the approved content.")
    @APIResponse(responseCode = "409", description = "Not in review, or the content changed since contentHash")
    public Uni<PrdApi.PrdView> approve(@PathParam("prdId") UUID prdId, @Valid PrdApi.Approve request) {
        return current.id().chain(uid -> prds.approve(uid, prdId, request));
    }

    @PUT
    @Path("/approvers")
    @Operation(summary = "Name the members who may approve this PRD besides owners and admins (owner, admin)")
    public Uni<PrdApi.PrdView> setApprovers(@PathParam("prdId") UUID prdId,
            @Valid @NotNull PrdApi.SetApprovers request) {
        return current.id().chain(uid -> prds.setApprovers(uid, prdId, request));
    }

    @DELETE
    @Operation(summary = "Delete a PRD and its versions (owner, admin)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Void> delete(@PathParam("prdId") UUID prdId) {
        return current.id().chain(uid -> prds.delete(uid, prdId));
    }
}
