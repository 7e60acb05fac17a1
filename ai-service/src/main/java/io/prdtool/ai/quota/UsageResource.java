package io.prdtool.ai.quota;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.ai.access.Access;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Who used how many tokens, for what and with which model, per month (owners and admins). */
@Path("/api/v1/orgs/{orgId}/ai/usage")
@Tag(name = "ai-usage", description = "AI token budget and use by user, action and model")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private static final String GROUPED = "SELECT %s AS key, %s AS detail, count(*) AS calls,"
            + " count(*) FILTER (WHERE status = 'failed') AS failed,"
            + " coalesce(sum(prompt_tokens), 0) AS prompt_tokens, coalesce(sum(response_tokens), 0) AS response_tokens,"
            + " bool_or(usage_estimated) AS estimated FROM ai_interactions WHERE organization_id = $1"
            + " AND created_at >= $2 AND created_at < $3 AND status NOT IN ('pending', 'streaming')"
            + " GROUP BY 1, 2 ORDER BY 5 + 6 DESC, 1 LIMIT 500";

    @Inject
    JsonWebToken jwt;

    @Inject
    Access access;

    @Inject
    Quotas quotas;

    @Inject
    Pool pool;

    @RegisterForReflection
    @Schema(name = "AiUsage")
    public record UsageReport(Quotas.Usage budget, List<Line> byUser, List<Line> byAction, List<Line> byModel) {
    }

    /** One group: {@code key} is the user subject, the action or the model; {@code userId} for users. */
    @RegisterForReflection
    @Schema(name = "AiUsageLine")
    public record Line(String key, String userId, long calls, long failed, long promptTokens, long responseTokens,
            long totalTokens, boolean includesEstimates) {
    }

    @GET
    @Operation(summary = "The month's budget and token use by user, action and model (owners, admins)", description = "period: a month, e.g. 2026-12 (UTC); default the current month. Counts stay after prompt"
            + " text is purged.")
    public Uni<UsageReport> usage(@PathParam("orgId") UUID orgId, @QueryParam("period") String period) {
        LocalDate start = parse(period);
        LocalDate end = start.plusMonths(1);
        return access.admin(orgId, jwt)
                .chain(admin -> quotas.usage(pool, orgId, start))
                .chain(budget -> group(orgId, start, end, "user_subject", "user_id::text")
                        .chain(byUser -> group(orgId, start, end, "action", "NULL::text")
                                .chain(byAction -> group(orgId, start, end, "coalesce(model_returned,"
                                        + " model_requested)", "NULL::text")
                                        .map(byModel -> new UsageReport(budget, byUser, byAction, byModel)))));
    }

    private Uni<List<Line>> group(UUID orgId, LocalDate start, LocalDate end, String key, String detail) {
        return pool.preparedQuery(GROUPED.formatted(key, detail))
                .execute(Tuple.of(orgId, start.atStartOfDay().atOffset(java.time.ZoneOffset.UTC),
                        end.atStartOfDay().atOffset(java.time.ZoneOffset.UTC)))
                .map(rows -> {
                    List<Line> out = new ArrayList<>();
                    for (Row r : rows) {
                        long p = r.getLong("prompt_tokens");
                        long c = r.getLong("response_tokens");
                        out.add(new Line(r.getString("key"), r.getString("detail"), r.getLong("calls"),
                                r.getLong("failed"), p, c, p + c, Boolean.TRUE.equals(r.getBoolean("estimated"))));
                    }
                    return out;
                });
    }

    private static LocalDate parse(String period) {
        if (period == null || period.isBlank()) {
            return Quotas.currentPeriod();
        }
        try {
            return YearMonth.parse(period.strip()).atDay(1);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("period must be a month like 2026-12");
        }
    }
}
