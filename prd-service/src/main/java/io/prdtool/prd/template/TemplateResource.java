package io.prdtool.prd.template;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.prd.user.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/templates/{templateId}")
@Tag(name = "templates", description = "Organization PRD templates: ordered sections with guidance and required flags")
@Authenticated
public class TemplateResource {

    private final CurrentUser current;
    private final TemplateService templates;

    public TemplateResource(CurrentUser current, TemplateService templates) {
        this.current = current;
        this.templates = templates;
    }

    @GET
    @Operation(summary = "One template (any member)")
    public Uni<TemplateApi.TemplateView> get(@PathParam("templateId") UUID templateId) {
        return current.id().chain(uid -> templates.get(uid, templateId));
    }

    @GET
    @Path("/skeleton")
    @Produces("text/markdown")
    @Operation(summary = "The Markdown skeleton a PRD created from this template starts with (any member)")
    public Uni<String> skeleton(@PathParam("templateId") UUID templateId,
            @QueryParam("title") @Size(max = 255) String title) {
        return current.id().chain(uid -> templates.skeleton(uid, templateId, title));
    }

    @PATCH
    @Operation(summary = "Edit a template or make it the default (owner, admin)")
    public Uni<TemplateApi.TemplateView> update(@PathParam("templateId") UUID templateId,
            @Valid @NotNull TemplateApi.UpdateTemplate request) {
        return current.id().chain(uid -> templates.update(uid, templateId, request));
    }

    @DELETE
    @Operation(summary = "Delete a template (owner, admin); PRDs made from it keep their content")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Void> delete(@PathParam("templateId") UUID templateId) {
        return current.id().chain(uid -> templates.delete(uid, templateId));
    }
}
