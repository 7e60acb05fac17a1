package io.prdtool.ai.quota;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.ai.AiConfig;
import io.prdtool.shared.events.ai.AiBudgetThresholdReached;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The limits of generative calls, enforced in PostgreSQL so every instance sees the same numbers: a per-organization
 * token budget per calendar month (UTC), reserved before a call (its estimated prompt plus its answer bound) and
 * settled after it with what the provider reports; and, per user in an organization, a request rate over the last
 * minute and a number of calls running at once. Every check runs in the transaction that records the call, under a
 * per-user advisory lock, so two racing requests cannot both squeeze under a limit. Refusals are 429 with a
 * {@code Retry-After}.
 */
@ApplicationScoped
public class Quotas {

    private static final String LOCK_USER = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
    private static final String USER_LOAD = "SELECT"
            + " count(*) FILTER (WHERE created_at > now() - interval '60 seconds') AS recent,"
            + " extract(epoch FROM now() - min(created_at) FILTER (WHERE created_at > now() - interval '60 seconds'))"
            + " AS oldest_age,"
            + " count(*) FILTER (WHERE status IN ('pending', 'streaming') AND lease_until > now()) AS running"
            + " FROM ai_interactions WHERE organization_id = $1 AND user_subject = $2"
            + " AND (created_at > now() - interval '60 seconds' OR status IN ('pending', 'streaming'))";
    private static final String ENSURE_PERIOD = "INSERT INTO ai_usage (organization_id, period) VALUES ($1, $2)"
            + " ON CONFLICT DO NOTHING";
    private static final String RESERVE = "UPDATE ai_usage SET tokens_reserved = tokens_reserved + $3"
            + " WHERE organization_id = $1 AND period = $2 AND tokens_used + tokens_reserved + $3 <= $4"
            + " RETURNING tokens_used";
    private static final String CURRENT = "SELECT tokens_used, tokens_reserved FROM ai_usage"
            + " WHERE organization_id = $1 AND period = $2";
    private static final String SETTLE = "UPDATE ai_usage SET tokens_reserved = greatest(0, tokens_reserved - $3),"
            + " tokens_used = tokens_used + $4 WHERE organization_id = $1 AND period = $2"
            + " RETURNING tokens_used, notified_percent";
    private static final String MARK_NOTIFIED = "UPDATE ai_usage SET notified_percent = $3"
            + " WHERE organization_id = $1 AND period = $2 AND notified_percent < $3";
    private static final String BUDGET = "SELECT o.subscription_tier, s.monthly_token_budget FROM organizations o"
            + " LEFT JOIN ai_org_settings s ON s.organization_id = o.id WHERE o.id = $1";

    @Inject
    AiConfig config;

    @Inject
    Outbox outbox;

    /** The month a call counts against (UTC). */
    public static LocalDate period(OffsetDateTime at) {
        return at.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
    }

    public static LocalDate currentPeriod() {
        return period(OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** The organization's monthly token budget: its tier's, or its own lower cap. */
    public Uni<Long> budget(SqlClient c, UUID organizationId) {
        return c.preparedQuery(BUDGET).execute(Tuple.of(organizationId)).map(rows -> {
            if (rows.size() == 0) {
                return config.budget().forTier("free");
            }
            Row r = rows.iterator().next();
            long tier = config.budget().forTier(r.getString("subscription_tier"));
            Long cap = r.getLong("monthly_token_budget");
            return cap == null ? tier : Math.min(tier, cap);
        });
    }

    /** Checks the user's request rate and running calls; call inside the transaction that records the call. */
    public Uni<Void> admitUser(SqlConnection c, UUID organizationId, String subject) {
        return c.preparedQuery(LOCK_USER).execute(Tuple.of("ai-user:" + organizationId + ":" + subject))
                .chain(() -> c.preparedQuery(USER_LOAD).execute(Tuple.of(organizationId, subject)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    long recent = r.getLong("recent");
                    long running = r.getLong("running");
                    if (recent >= config.limits().requestsPerMinute()) {
                        Number age = r.getNumeric("oldest_age");
                        long wait = 60 - (age == null ? 0 : age.longValue());
                        throw ProblemException.retryAfter(ProblemType.TOO_MANY_REQUESTS, "You asked for "
                                + recent + " AI answers in the last minute (limit "
                                + config.limits().requestsPerMinute() + "); try again in " + Math.max(1, wait)
                                + " s", wait);
                    }
                    if (running >= config.limits().concurrentStreams()) {
                        throw ProblemException.retryAfter(ProblemType.TOO_MANY_REQUESTS, "You already have "
                                + running + " AI answers running (limit " + config.limits().concurrentStreams()
                                + "); wait for one to finish or cancel it", 5);
                    }
                    return null;
                });
    }

    /** Reserves {@code tokens} of this month's budget, or answers 429 until the month ends. */
    public Uni<Void> reserve(SqlConnection c, UUID organizationId, long tokens) {
        LocalDate period = currentPeriod();
        return budget(c, organizationId).chain(budget -> c.preparedQuery(ENSURE_PERIOD)
                .execute(Tuple.of(organizationId, period))
                .chain(() -> c.preparedQuery(RESERVE).execute(Tuple.of(organizationId, period, tokens, budget)))
                .chain(rows -> {
                    if (rows.rowCount() > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    return c.preparedQuery(CURRENT).execute(Tuple.of(organizationId, period)).map(current -> {
                        Row r = current.iterator().next();
                        long used = r.getLong("tokens_used");
                        long reserved = r.getLong("tokens_reserved");
                        long left = Math.max(0, budget - used - reserved);
                        OffsetDateTime reset = YearMonth.from(period).plusMonths(1).atDay(1).atStartOfDay()
                                .atOffset(ZoneOffset.UTC);
                        long wait = Duration.between(OffsetDateTime.now(ZoneOffset.UTC), reset).toSeconds();
                        throw ProblemException.retryAfter(ProblemType.TOO_MANY_REQUESTS,
                                "The organization's AI budget for " + YearMonth.from(period) + " does not cover this"
                                        + " request (" + used + " of " + budget + " tokens used, " + left
                                        + " left, this request may need " + tokens + "); it renews on " + reset
                                                .toLocalDate(),
                                wait);
                    });
                }));
    }

    /**
     * Releases a reservation and counts what was really used, in the call's month; announces (once per month) when
     * use crosses 80 % and 100 % of the budget.
     */
    public Uni<Void> settle(SqlConnection c, UUID organizationId, LocalDate period, long reserved, long used) {
        return c.preparedQuery(SETTLE).execute(Tuple.of(organizationId, period, reserved, used)).chain(rows -> {
            if (rows.rowCount() == 0) {
                return Uni.createFrom().voidItem();
            }
            Row r = rows.iterator().next();
            long total = r.getLong("tokens_used");
            int notified = r.getInteger("notified_percent");
            return budget(c, organizationId).chain(budget -> {
                int threshold = total >= budget ? 100 : total * 100 >= budget * 80 ? 80 : 0;
                if (threshold == 0 || threshold <= notified) {
                    return Uni.createFrom().voidItem();
                }
                return c.preparedQuery(MARK_NOTIFIED).execute(Tuple.of(organizationId, period, threshold))
                        .chain(marked -> marked.rowCount() == 0
                                ? Uni.createFrom().voidItem()
                                : outbox.append(c, new AiBudgetThresholdReached(organizationId,
                                        YearMonth.from(period).toString(), threshold, total, budget,
                                        java.time.Instant.now())));
            });
        });
    }

    /** This month's budget, use and reservations of an organization. */
    public Uni<Usage> usage(SqlClient c, UUID organizationId, LocalDate period) {
        return budget(c, organizationId).chain(budget -> c.preparedQuery(CURRENT)
                .execute(Tuple.of(organizationId, period)).map(rows -> {
                    long used = 0;
                    long reserved = 0;
                    if (rows.size() > 0) {
                        Row r = rows.iterator().next();
                        used = r.getLong("tokens_used");
                        reserved = r.getLong("tokens_reserved");
                    }
                    return new Usage(YearMonth.from(period).toString(), budget, used, reserved,
                            YearMonth.from(period).plusMonths(1).atDay(1).toString());
                }));
    }

    /** A month's budget and use; {@code renewsOn} is the first day of the next month (UTC). */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Usage(String period, long tokenBudget, long tokensUsed, long tokensReserved, String renewsOn) {
    }
}
