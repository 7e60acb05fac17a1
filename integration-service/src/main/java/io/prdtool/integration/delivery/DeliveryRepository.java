package io.prdtool.integration.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.db.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The delivery log: recording, claiming (one in flight per target key), finishing, paging, replaying. */
@ApplicationScoped
public class DeliveryRepository {

    static final String COLUMNS = "id, integration_id, organization_id, action, target_key, prd_id, source_event_id,"
            + " source_event_type, payload::text AS payload, idempotency_key, status, attempts, schedule_offset,"
            + " next_attempt_at, locked_until, last_status, last_error, external_id, external_url, created_at,"
            + " updated_at, delivered_at";

    /** A delivery to record; {@code notBefore} null means due now. */
    public record NewDelivery(UUID integrationId, UUID organizationId, String action, String targetKey, UUID prdId,
            UUID sourceEventId, String sourceEventType, ObjectNode payload, Instant notBefore) {

        public String idempotencyKey() {
            return sourceEventId + ":" + integrationId + ":" + action;
        }
    }

    /** A claimed delivery; {@code probe}: the one attempt let through a half-open circuit. */
    public record Claimed(Delivery delivery, boolean probe) {
    }

    /** One attempt as stored. */
    public record Attempt(int attemptNo, Instant startedAt, int durationMs, String outcome, Integer statusCode,
            String errorClass, String error, String requestExcerpt, String responseExcerpt) {
    }

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    /**
     * Records {@code d} unless a delivery with its idempotency key exists; with a {@code mappingType}, the PRD's mapping
     * in that integration becomes pending. Emits whether a row was inserted.
     */
    public Uni<Boolean> record(SqlClient c, NewDelivery d, String mappingType) {
        return c.preparedQuery("INSERT INTO deliveries (id, integration_id, organization_id, action, target_key,"
                + " prd_id, source_event_id, source_event_type, payload, idempotency_key, next_attempt_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, greatest(now(), coalesce($11, now())))"
                + " ON CONFLICT (idempotency_key) DO NOTHING")
                .execute(Tuple.from(new Object[]{UUID.randomUUID(), d.integrationId(), d.organizationId(), d.action(),
                        d.targetKey(), d.prdId(), d.sourceEventId(), d.sourceEventType(), d.payload().toString(),
                        d.idempotencyKey(), Rows.time(d.notBefore())}))
                .chain(rows -> {
                    boolean inserted = rows.rowCount() > 0;
                    if (!inserted || mappingType == null || d.prdId() == null) {
                        return Uni.createFrom().item(inserted);
                    }
                    return c.preparedQuery("INSERT INTO integration_mappings (integration_id, organization_id, prd_id,"
                            + " external_type) VALUES ($1, $2, $3, $4) ON CONFLICT (integration_id, prd_id,"
                            + " external_type, external_key) DO UPDATE SET sync_status = CASE WHEN"
                            + " integration_mappings.sync_status = 'creating' THEN 'creating' ELSE 'pending' END,"
                            + " sync_error = NULL")
                            .execute(Tuple.of(d.integrationId(), d.organizationId(), d.prdId(), mappingType))
                            .replaceWith(true);
                });
    }

    /**
     * Claims up to {@code limit} due deliveries for this instance: at most one per target key in flight anywhere
     * (rows another claimer holds are skipped, and so are targets with an attempt in flight, so one slow target's
     * backlog never crowds the others out of the candidates; a per-target advisory lock serializes concurrent
     * claimers), only of enabled integrations whose circuit is closed or whose cool-down has passed (then one probe per
     * integration, and the circuit goes half-open). Leases that expired (an instance died mid-call) are freed first.
     */
    public Uni<List<Claimed>> claim(int limit, Duration lease, Duration coolDown) {
        return pool.withTransaction(c -> c.preparedQuery("UPDATE deliveries SET status = 'pending',"
                + " locked_until = NULL, last_error = 'the attempt did not finish (lease expired)'"
                + " WHERE status = 'in_flight' AND locked_until < now()").execute()
                .chain(() -> c.preparedQuery("SELECT d.id, d.target_key, d.integration_id, i.circuit_state"
                        + " FROM deliveries d JOIN integrations i ON i.id = d.integration_id"
                        + " WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND i.enabled"
                        + " AND (i.circuit_retry_at IS NULL OR i.circuit_retry_at <= now())"
                        // a target with an attempt in flight gets nothing now: its backlog must not fill the window
                        // of candidates and starve every other target (markInFlight checks the same again)
                        + " AND NOT EXISTS (SELECT 1 FROM deliveries f WHERE f.target_key = d.target_key"
                        + " AND f.status = 'in_flight')"
                        + " ORDER BY d.next_attempt_at, d.created_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED")
                        .execute(Tuple.of(limit * 4)))
                .chain(rows -> {
                    Map<String, UUID> firstPerTarget = new LinkedHashMap<>();
                    Set<UUID> probing = new HashSet<>();
                    for (Row r : rows) {
                        if (firstPerTarget.size() >= limit || firstPerTarget.containsKey(r.getString("target_key"))) {
                            continue;
                        }
                        UUID integration = r.getUUID("integration_id");
                        if (!"closed".equals(r.getString("circuit_state")) && !probing.add(integration)) {
                            continue;
                        }
                        firstPerTarget.put(r.getString("target_key"), r.getUUID("id"));
                    }
                    if (firstPerTarget.isEmpty()) {
                        return Uni.createFrom().item(List.<Claimed>of());
                    }
                    List<String> keys = new ArrayList<>(firstPerTarget.keySet());
                    return c.preparedQuery("SELECT k FROM unnest($1::text[]) k"
                            + " WHERE pg_try_advisory_xact_lock(hashtextextended('delivery:' || k, 0))")
                            .execute(Tuple.of(keys.toArray(String[]::new)))
                            .chain(locked -> {
                                List<UUID> ids = new ArrayList<>();
                                locked.forEach(r -> ids.add(firstPerTarget.get(r.getString("k"))));
                                return markInFlight(c, ids, lease);
                            })
                            .chain(claimed -> openProbes(c, claimed, probing, coolDown));
                }));
    }

    private Uni<List<Delivery>> markInFlight(SqlConnection c, List<UUID> ids, Duration lease) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return c.preparedQuery("UPDATE deliveries d SET status = 'in_flight', attempts = attempts + 1,"
                + " locked_until = now() + make_interval(secs => $2) WHERE id = ANY($1) AND status = 'pending'"
                + " AND NOT EXISTS (SELECT 1 FROM deliveries f WHERE f.target_key = d.target_key"
                + " AND f.status = 'in_flight' AND f.id <> d.id) RETURNING " + COLUMNS)
                .execute(Tuple.of(ids.toArray(UUID[]::new), (double) lease.toMillis() / 1000.0))
                .map(this::all);
    }

    private Uni<List<Claimed>> openProbes(SqlConnection c, List<Delivery> claimed, Set<UUID> probing,
            Duration coolDown) {
        List<Claimed> out = new ArrayList<>();
        List<UUID> probes = new ArrayList<>();
        for (Delivery d : claimed) {
            boolean probe = probing.contains(d.integrationId());
            out.add(new Claimed(d, probe));
            if (probe) {
                probes.add(d.integrationId());
            }
        }
        if (probes.isEmpty()) {
            return Uni.createFrom().item(out);
        }
        return c.preparedQuery("UPDATE integrations SET circuit_state = 'half_open',"
                + " circuit_retry_at = now() + make_interval(secs => $2) WHERE id = ANY($1)")
                .execute(Tuple.of(probes.toArray(UUID[]::new), (double) coolDown.toMillis() / 1000.0))
                .replaceWith(out);
    }

    /** Gives a claimed delivery back untried (its integration was disabled meanwhile). */
    public Uni<Void> release(UUID id) {
        return pool.preparedQuery("UPDATE deliveries SET status = 'pending', locked_until = NULL,"
                + " attempts = greatest(attempts - 1, 0) WHERE id = $1 AND status = 'in_flight'")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> insertAttempt(SqlClient c, UUID deliveryId, int attemptNo, Instant startedAt, long durationMs,
            String outcome, Integer statusCode, String errorClass, String error, String request, String response) {
        return c.preparedQuery(
                "INSERT INTO delivery_attempts (delivery_id, attempt_no, started_at, duration_ms, outcome,"
                        + " status_code, error_class, error, request_excerpt, response_excerpt)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(new Object[]{deliveryId, attemptNo, Rows.time(startedAt),
                        (int) Math.min(Integer.MAX_VALUE, durationMs), outcome, statusCode, errorClass,
                        Redaction.cut(truncate(error, 500)), request, response}))
                .replaceWithVoid();
    }

    public Uni<Void> delivered(SqlClient c, Delivery d, Delivered result) {
        return c.preparedQuery("UPDATE deliveries SET status = 'delivered', locked_until = NULL, delivered_at = now(),"
                + " last_status = $2, last_error = NULL, external_id = $3, external_url = $4 WHERE id = $1")
                .execute(Tuple.of(d.id(), result.status(), truncate(result.externalId(), 255),
                        truncate(result.externalUrl(), 2048)))
                .replaceWithVoid();
    }

    /** Back to pending, due at {@code next}. */
    public Uni<Void> retryAt(SqlClient c, Delivery d, Instant next, Integer status, String error) {
        return c.preparedQuery("UPDATE deliveries SET status = 'pending', locked_until = NULL, next_attempt_at = $2,"
                + " last_status = $3, last_error = $4 WHERE id = $1")
                .execute(Tuple.of(d.id(), Rows.time(next), status, truncate(error, 500))).replaceWithVoid();
    }

    /** Failed for good: {@code failed} (refused) or {@code dead} (retries exhausted). */
    public Uni<Void> end(SqlClient c, Delivery d, String status, Integer httpStatus, String error) {
        return c.preparedQuery("UPDATE deliveries SET status = $2, locked_until = NULL, last_status = $3,"
                + " last_error = $4 WHERE id = $1")
                .execute(Tuple.of(d.id(), status, httpStatus, truncate(error, 500))).replaceWithVoid();
    }

    /** Delays the pending deliveries of a paced target (chat channels: about one message per second). */
    public Uni<Void> pace(SqlClient c, String targetKey, Duration pace) {
        return c.preparedQuery("UPDATE deliveries SET next_attempt_at = greatest(next_attempt_at,"
                + " now() + make_interval(secs => $2)) WHERE target_key = $1 AND status = 'pending'")
                .execute(Tuple.of(targetKey, (double) pace.toMillis() / 1000.0)).replaceWithVoid();
    }

    public Uni<Void> mapping(SqlClient c, Delivery d, String type, String status, Delivered result, String error) {
        return c.preparedQuery("INSERT INTO integration_mappings (integration_id, organization_id, prd_id,"
                + " external_type, external_id, external_url, sync_status, sync_error, last_version, content_hash,"
                + " last_synced_at) VALUES ($1, $2, $3, $4, $5, $6, $7::varchar, $8, $9, $10,"
                + " CASE WHEN $7::varchar = 'synced' THEN now() END)"
                + " ON CONFLICT (integration_id, prd_id, external_type, external_key) DO UPDATE SET"
                + " external_id = coalesce(excluded.external_id, integration_mappings.external_id),"
                + " external_url = coalesce(excluded.external_url, integration_mappings.external_url),"
                + " sync_status = excluded.sync_status, sync_error = excluded.sync_error,"
                + " last_version = coalesce(excluded.last_version, integration_mappings.last_version),"
                + " content_hash = coalesce(excluded.content_hash, integration_mappings.content_hash),"
                + " last_synced_at = coalesce(excluded.last_synced_at, integration_mappings.last_synced_at)")
                .execute(Tuple.from(new Object[]{d.integrationId(), d.organizationId(), d.prdId(), type,
                        result == null ? null : truncate(result.externalId(), 255),
                        result == null ? null : truncate(result.externalUrl(), 2048), status, truncate(error, 500),
                        result == null ? null : result.version(), result == null ? null : result.contentHash()}))
                .replaceWithVoid();
    }

    public Uni<Optional<Delivery>> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM deliveries WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(from(rows.iterator().next())));
    }

    public Uni<List<Attempt>> attempts(UUID deliveryId) {
        return pool
                .preparedQuery("SELECT attempt_no, started_at, duration_ms, outcome, status_code, error_class, error,"
                        + " request_excerpt, response_excerpt FROM delivery_attempts WHERE delivery_id = $1"
                        + " ORDER BY attempt_no")
                .execute(Tuple.of(deliveryId)).map(rows -> {
                    List<Attempt> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Attempt(r.getInteger("attempt_no"), Rows.instant(r, "started_at"),
                            r.getInteger("duration_ms"), r.getString("outcome"), r.getInteger("status_code"),
                            r.getString("error_class"), r.getString("error"), r.getString("request_excerpt"),
                            r.getString("response_excerpt"))));
                    return out;
                });
    }

    /** Newest first; {@code after}: the (created_at, id) of the last row of the previous page. */
    public Uni<List<Delivery>> page(UUID integrationId, String status, Instant afterCreated, UUID afterId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM deliveries WHERE integration_id = $1"
                + " AND ($2::text IS NULL OR status = $2)"
                + " AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4)) ORDER BY created_at DESC, id DESC"
                + " LIMIT $5")
                .execute(Tuple.from(new Object[]{integrationId, status, Rows.time(afterCreated), afterId, limit}))
                .map(this::all);
    }

    /** A failed or dead delivery goes back to pending, due now, with a fresh retry schedule; false otherwise. */
    public Uni<Boolean> replay(SqlClient c, UUID id) {
        return c.preparedQuery("UPDATE deliveries SET status = 'pending', next_attempt_at = now(), locked_until = NULL,"
                + " schedule_offset = attempts WHERE id = $1 AND status IN ('failed', 'dead')")
                .execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
    }

    private List<Delivery> all(RowSet<Row> rows) {
        List<Delivery> out = new ArrayList<>();
        rows.forEach(r -> out.add(from(r)));
        return out;
    }

    Delivery from(Row r) {
        return new Delivery(r.getUUID("id"), r.getUUID("integration_id"), r.getUUID("organization_id"),
                r.getString("action"), r.getString("target_key"), r.getUUID("prd_id"), r.getUUID("source_event_id"),
                r.getString("source_event_type"), (ObjectNode) Rows.json(mapper, r.getString("payload")),
                r.getString("idempotency_key"), r.getString("status"), r.getInteger("attempts"),
                r.getInteger("schedule_offset"), Rows.instant(r, "next_attempt_at"), Rows.instant(r, "locked_until"),
                r.getInteger("last_status"), r.getString("last_error"), r.getString("external_id"),
                r.getString("external_url"), Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"),
                Rows.instant(r, "delivered_at"));
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
