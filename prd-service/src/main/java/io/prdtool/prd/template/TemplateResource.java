package io.prdtool.prd.template;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

@Path("/api/v1")
@Tag(name = "templates", description = "Organization PRD templates: ordered sections with guidance and required flags")
@Authenticated
public class TemplateResource {

    private final CurrentUser current;
    private final TemplateService templates;

    public TemplateResource(CurrentUser current, TemplateService templates) {
        this.current = current;
        this.templates = templates;
    }

    @POST
    @Path("/orgs/{orgId}/templates")
    @Operation(summary = "Create a template (owner, admin)")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "Name taken in this organization")
    public Uni<RestResponse<TemplateApi.TemplateView>> create(@PathParam("orgId") UUID orgId,
            @Valid @NotNull TemplateApi.CreateTemplate request) {
        return current.id().chain(uid -> templates.create(uid, orgId, request))
                .map(t -> Responses.created("/api/v1/templates/" + t.id(), t));
    }

    @GET
    @Path("/orgs/{orgId}/templates")
    @Operation(summary = "List templates, default first (any member)")
    public Uni<Page<TemplateApi.TemplateView>> list(@PathParam("orgId") UUID orgId,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return current.id().chain(uid -> templates.list(uid, orgId, offset, limit));
    }

    @GET
    @Path("/templates/{templateId}")
    @Operation(summary = "One template (any member)")
    public Uni<TemplateApi.TemplateView> get(@PathParam("templateId") UUID templateId) {
        return current.id().chain(uid -> templates.get(uid, templateId));
    }

    @GET
    @Path("/templates/{templateId}/skeleton")
    @Produces("text/markdown")
    @Operation(summary = "The Markdown skeleton a PRD created from this template starts with (any member)")
    public Uni<String> skeleton(@PathParam("templateId") UUID templateId,
            @QueryParam("title") @Size(max = 255) String title) {
        return current.id().chain(uid -> templates.skeleton(uid, templateId, title));
    }

    @PATCH
    @Path("/templates/{templateId}")
    @Operation(summary = "Edit a template or make it the default (owner, admin)")
    public Uni<TemplateApi.TemplateView> update(@PathParam("templateId") UUID templateId,
            @Valid @NotNull TemplateApi.UpdateTemplate request) {
        return current.id().chain(uid -> templates.update(uid, templateId, request));
    }

    @DELETE
    @Path("/templates/{templateId}")
    @Operation(summary = "Delete a template (owner, admin); PRDs made from it keep their content")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Void> delete(@PathParam("templateId") UUID templateId) {
        return current.id().chain(uid -> templates.delete(uid, templateId));
    }
}
