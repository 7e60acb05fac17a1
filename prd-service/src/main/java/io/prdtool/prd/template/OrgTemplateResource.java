package io.prdtool.prd.template;

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

@Path("/api/v1/orgs/{orgId}/templates")
@Tag(name = "templates", description = "Organization PRD templates: ordered sections with guidance and required flags")
@Authenticated
public class OrgTemplateResource {

    private final CurrentUser current;
    private final TemplateService templates;

    public OrgTemplateResource(CurrentUser current, TemplateService templates) {
        this.current = current;
        this.templates = templates;
    }

    @POST
    @Operation(summary = "Create a template (owner, admin)")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "Name taken in this organization")
    public Uni<RestResponse<TemplateApi.TemplateView>> create(@PathParam("orgId") UUID orgId,
            @Valid @NotNull TemplateApi.CreateTemplate request) {
        return current.id().chain(uid -> templates.create(uid, orgId, request))
                .map(t -> Responses.created("/api/v1/templates/" + t.id(), t));
    }

    @GET
    @Operation(summary = "List templates, default first (any member)")
    public Uni<Page<TemplateApi.TemplateView>> list(@PathParam("orgId") UUID orgId,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return current.id().chain(uid -> templates.list(uid, orgId, offset, limit));
    }
}
