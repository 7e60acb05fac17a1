package io.prdtool.audit.trail;

import java.util.UUID;
import java.util.regex.Pattern;

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

@Path("/api/v1/orgs/{organizationId}/audit-trail")
@Tag(name = "audit-trail", description = "Tamper-evident row-change history (organization owners and admins)")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TrailResource {

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    @Inject
    JsonWebToken jwt;

    @Inject
    OrgAccess access;

    @Inject
    TrailRepository trails;

    @Inject
    AuditConfig config;

    @GET
    @Path("/records/{table}/{recordId}")
    @Operation(summary = "Every captured change of one record, oldest first")
    public Uni<TrailPage> history(@PathParam("organizationId") String organizationId,
            @PathParam("table") String table, @PathParam("recordId") String recordId,
            @QueryParam("after") String after, @QueryParam("limit") String limit) {
        Caller caller = Caller.of(jwt);
        UUID org = OrgAccess.uuid("organizationId", organizationId);
        UUID record = OrgAccess.uuid("recordId", recordId);
        if (!TABLE.matcher(table).matches()) {
            throw ProblemException.badRequest("table must be a table name (lowercase letters, digits, _)");
        }
        long afterSeq = number("after", after, 0, 0, Long.MAX_VALUE);
        int pageSize = (int) number("limit", limit, config.api().defaultPageSize(), 1, config.api().maxPageSize());
        return access.requireAdmin(org, caller).chain(() -> trails.history(org, table, record, afterSeq, pageSize));
    }

    @GET
    @Path("/verification")
    @Operation(summary = "Recompute the organization's hash chain and report the first broken link")
    public Uni<ChainVerification> verify(@PathParam("organizationId") String organizationId) {
        Caller caller = Caller.of(jwt);
        UUID org = OrgAccess.uuid("organizationId", organizationId);
        return access.requireAdmin(org, caller).chain(() -> trails.verify(org));
    }

    private static long number(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name + " must be an integer from " + min + " to " + max);
    }
}
