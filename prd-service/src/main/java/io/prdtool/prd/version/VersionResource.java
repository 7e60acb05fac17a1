package io.prdtool.prd.version;

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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.prdtool.prd.common.Page;
import io.prdtool.prd.common.Responses;
import io.prdtool.prd.user.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/prds/{prdId}/versions")
@Tag(name = "versions", description = "Immutable content snapshots with semantic versions, diffs, restore and export")
@Authenticated
public class VersionResource {

    private final CurrentUser current;
    private final VersionService versions;

    public VersionResource(CurrentUser current, VersionService versions) {
        this.current = current;
        this.versions = versions;
    }

    @POST
    @Operation(summary = "Snapshot the current content as a new version (owner, admin, member)", description = "bump major resets minor and patch, minor resets patch (seed §9.1).")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Unknown bump or malformed version")
    @APIResponse(responseCode = "409", description = "Version not above the current one, or it exists")
    public Uni<RestResponse<VersionApi.VersionView>> create(@PathParam("prdId") UUID prdId,
            @Valid @NotNull VersionApi.CreateVersion request) {
        return current.id().chain(uid -> versions.create(uid, prdId, request))
                .map(v -> Responses.created("/api/v1/prds/" + prdId + "/versions/" + v.version(), v));
    }

    @GET
    @Operation(summary = "List versions, newest first, without content (any member)")
    public Uni<Page<VersionApi.VersionView>> list(@PathParam("prdId") UUID prdId,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return current.id().chain(uid -> versions.list(uid, prdId, offset, limit));
    }

    @GET
    @Path("/compare")
    @Operation(summary = "Line and word diff between two versions (any member)")
    public Uni<VersionApi.Comparison> compare(@PathParam("prdId") UUID prdId, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        return current.id().chain(uid -> versions.compare(uid, prdId, from, to));
    }

    @GET
    @Path("/{version}")
    @Operation(summary = "One version with its content (any member)")
    public Uni<VersionApi.VersionView> get(@PathParam("prdId") UUID prdId, @PathParam("version") String version) {
        return current.id().chain(uid -> versions.get(uid, prdId, version));
    }

    @GET
    @Path("/{version}/export")
    @Produces("text/markdown")
    @Operation(summary = "Download a version as Markdown with YAML front matter (any member)")
    public Uni<RestResponse<String>> export(@PathParam("prdId") UUID prdId, @PathParam("version") String version) {
        return current.id().chain(uid -> versions.export(uid, prdId, version))
                .map(e -> RestResponse.ResponseBuilder.ok(e.markdown(), "text/markdown; charset=UTF-8")
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + e.filename() + "\"")
                        .build());
    }

    @POST
    @Path("/{version}/restore")
    @Operation(summary = "Make an old version's content current again, recorded as a new version (owner, admin, member)", description = "Never rewrites history. If the PRD was approved, the approval is voided (in_review).")
    @APIResponse(responseCode = "201", description = "The new version")
    public Uni<RestResponse<VersionApi.VersionView>> restore(@PathParam("prdId") UUID prdId,
            @PathParam("version") String version, @Valid VersionApi.RestoreVersion request) {
        return current.id().chain(uid -> versions.restore(uid, prdId, version, request))
                .map(v -> Responses.created("/api/v1/prds/" + prdId + "/versions/" + v.version(), v));
    }
}
