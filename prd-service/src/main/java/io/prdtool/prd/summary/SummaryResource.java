package io.prdtool.prd.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.prd.access.Access;
import io.prdtool.prd.access.Permission;
import io.prdtool.prd.common.Page;
import io.prdtool.prd.project.ProjectRepository;
import io.prdtool.prd.user.CurrentUser;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@Path("/api/v1/projects/{projectId}/prd-summaries")
@Tag(name = "summaries", description = "Dashboard rows: versions, collaborators and last activity per PRD")
@Authenticated
public class SummaryResource {

    private final CurrentUser current;
    private final ProjectRepository projects;
    private final Access access;
    private final Pool pool;

    public SummaryResource(CurrentUser current, ProjectRepository projects, Access access, Pool pool) {
        this.current = current;
        this.projects = projects;
        this.access = access;
        this.pool = pool;
    }

    @GET
    @Operation(summary = "PRD summaries of a project, most recent activity first (any member)")
    public Uni<Page<SummaryApi>> list(@PathParam("projectId") UUID projectId,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return current.id()
                .chain(uid -> Panache.withSession(() -> projects.findById(projectId)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("Project"))
                        .chain(p -> access.require(p.organizationId, uid, Permission.PRD_READ, "Project"))))
                .chain(() -> pool.preparedQuery("SELECT * FROM prd_summaries WHERE project_id = $1"
                        + " ORDER BY last_activity_at DESC NULLS LAST, id LIMIT $2 OFFSET $3")
                        .execute(Tuple.of(projectId, limit + 1, offset)))
                .map(rows -> {
                    List<SummaryApi> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new SummaryApi(r.getUUID("id"), r.getUUID("project_id"), r.getString("title"),
                                r.getString("slug"), r.getString("status"), r.getString("current_version"),
                                r.getUUID("created_by"), r.getString("created_by_name"),
                                r.getString("created_by_avatar"), r.getLong("version_count"),
                                r.getLong("collaborator_count"),
                                r.getOffsetDateTime("last_activity_at") == null
                                        ? null
                                        : r.getOffsetDateTime("last_activity_at").toInstant(),
                                r.getOffsetDateTime("created_at").toInstant(),
                                r.getOffsetDateTime("updated_at").toInstant()));
                    }
                    return Page.of(list, offset, limit, s -> s);
                });
    }
}
