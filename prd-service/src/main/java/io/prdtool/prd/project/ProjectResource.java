package io.prdtool.prd.project;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.prd.user.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/projects/{projectId}")
@Tag(name = "projects", description = "Projects group PRDs inside an organization; archived projects are read-only")
@Authenticated
public class ProjectResource {

    private final CurrentUser current;
    private final ProjectService projects;

    public ProjectResource(CurrentUser current, ProjectService projects) {
        this.current = current;
        this.projects = projects;
    }

    @GET
    @Operation(summary = "One project (any member)")
    public Uni<ProjectApi.ProjectView> get(@PathParam("projectId") UUID projectId) {
        return current.id().chain(uid -> projects.get(uid, projectId));
    }

    @PATCH
    @Operation(summary = "Edit a project (owner, admin, member); 409 when archived")
    public Uni<ProjectApi.ProjectView> update(@PathParam("projectId") UUID projectId,
            @Valid @NotNull ProjectApi.UpdateProject request) {
        return current.id().chain(uid -> projects.update(uid, projectId, request));
    }

    @POST
    @Path("/archive")
    @Operation(summary = "Archive: the project and its PRDs become read-only (owner, admin); idempotent")
    public Uni<ProjectApi.ProjectView> archive(@PathParam("projectId") UUID projectId) {
        return current.id().chain(uid -> projects.setArchived(uid, projectId, true));
    }

    @POST
    @Path("/unarchive")
    @Operation(summary = "Unarchive (owner, admin); idempotent")
    public Uni<ProjectApi.ProjectView> unarchive(@PathParam("projectId") UUID projectId) {
        return current.id().chain(uid -> projects.setArchived(uid, projectId, false));
    }
}
