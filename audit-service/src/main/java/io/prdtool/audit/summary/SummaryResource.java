package io.prdtool.audit.summary;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.audit.access.OrgAccess;
import io.prdtool.shared.auth.Caller;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@Path("/api/v1/orgs/{organizationId}/users/{user}/activity-summary")
@Tag(name = "activity", description = "Who did what to which resource (organization owners and admins)")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {

    private static final String FIND = "SELECT organization_id, actor, user_id, prds_created, versions_created,"
            + " ai_prompts, collaboration_events, total_events, last_active_at FROM user_activity_summary"
            + " WHERE organization_id = $1 AND (actor = $2 OR user_id::text = $2) ORDER BY total_events DESC LIMIT 1";

    @Inject
    JsonWebToken jwt;

    @Inject
    OrgAccess access;

    @Inject
    Pool pool;

    @GET
    @Operation(summary = "A user's activity counts in the organization; {user} is a user id or a token subject")
    public Uni<UserActivitySummary> summary(@PathParam("organizationId") String organizationId,
            @PathParam("user") String user) {
        Caller caller = Caller.of(jwt);
        UUID org = OrgAccess.uuid("organizationId", organizationId);
        if (user.isBlank() || user.length() > 255) {
            throw ProblemException.badRequest("user must be a user id or a token subject (at most 255 characters)");
        }
        return access.requireAdmin(org, caller)
                .chain(() -> pool.preparedQuery(FIND).execute(Tuple.of(org, user)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Activity of user " + user);
                    }
                    Row r = rows.iterator().next();
                    return new UserActivitySummary(r.getUUID("organization_id"), r.getString("actor"),
                            r.getUUID("user_id"), r.getLong("prds_created"), r.getLong("versions_created"),
                            r.getLong("ai_prompts"), r.getLong("collaboration_events"), r.getLong("total_events"),
                            r.getOffsetDateTime("last_active_at").toInstant());
                });
    }
}
