package io.prdtool.audit.activity;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.audit.AuditConfig;
import io.prdtool.audit.access.OrgAccess;
import io.prdtool.shared.auth.Caller;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/orgs/{organizationId}/activity")
@Tag(name = "activity", description = "Who did what to which resource (organization owners and admins)")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ActivityResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    OrgAccess access;

    @Inject
    ActivityRepository activity;

    @Inject
    AuditConfig config;

    @GET
    @Operation(summary = "Activity of an organization, newest first, filtered and paginated by cursor")
    public Uni<ActivityPage> list(@PathParam("organizationId") String organizationId,
            @QueryParam("user") String user, @QueryParam("resourceType") String resourceType,
            @QueryParam("resourceId") String resourceId, @QueryParam("action") String action,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        Caller caller = Caller.of(jwt);
        UUID org = OrgAccess.uuid("organizationId", organizationId);
        ActivityQuery query = new ActivityQuery(org, blankToNull(user), blankToNull(resourceType),
                resourceId == null || resourceId.isBlank() ? null : OrgAccess.uuid("resourceId", resourceId),
                blankToNull(action), instant("from", from), instant("to", to),
                cursor == null || cursor.isBlank() ? null : ActivityCursor.decode(cursor), pageSize(limit));
        if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
            throw ProblemException.badRequest("from must be before to");
        }
        return access.requireAdmin(org, caller).chain(() -> activity.find(query));
    }

    private int pageSize(String limit) {
        if (limit == null || limit.isBlank()) {
            return config.api().defaultPageSize();
        }
        int max = config.api().maxPageSize();
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("limit must be an integer from 1 to " + max);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant, e.g. 2026-11-24T10:00:00Z");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
