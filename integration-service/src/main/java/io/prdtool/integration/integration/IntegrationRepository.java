package io.prdtool.integration.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.db.Rows;
import io.prdtool.shared.crypto.SecretBox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads and writes {@code integrations} and their sealed credentials ({@code integration_secrets}). */
@ApplicationScoped
public class IntegrationRepository {

    static final String COLUMNS = "id, organization_id, type, name, enabled, settings::text AS settings, secret_last4,"
            + " secret_set_at, secret_expires_at, created_by, disabled_reason, disabled_at, last_error,"
            + " consecutive_failures, circuit_state, circuit_retry_at, last_success_at, created_at, updated_at";

    /** The credential in clear and, while a rotation's grace period lasts, the previous one. */
    public record Credentials(String current, String previous) {

        @Override
        public String toString() {
            return "Credentials[***]";
        }
    }

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    @Inject
    SecretBox secrets;

    public Uni<Optional<Integration>> find(UUID id) {
        return find(pool, id);
    }

    public Uni<Optional<Integration>> find(SqlClient c, UUID id) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM integrations WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(from(rows.iterator().next())));
    }

    public Uni<List<Integration>> list(UUID organizationId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM integrations WHERE organization_id = $1"
                + " ORDER BY type, name").execute(Tuple.of(organizationId)).map(this::all);
    }

    /** The organization's enabled integrations of the given types (what an event is routed to). */
    public Uni<List<Integration>> enabled(SqlClient c, UUID organizationId, List<String> types) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM integrations WHERE organization_id = $1 AND enabled"
                + " AND type = ANY($2) ORDER BY created_at, id")
                .execute(Tuple.of(organizationId, types.toArray(String[]::new))).map(this::all);
    }

    public Uni<Void> insert(SqlClient c, UUID id, UUID organizationId, IntegrationType type, String name,
            boolean enabled, ObjectNode settings, String actor) {
        return c.preparedQuery("INSERT INTO integrations (id, organization_id, type, name, enabled, settings,"
                + " created_by, updated_by, disabled_reason, disabled_at) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb,"
                + " $7, $7, CASE WHEN $5 THEN NULL ELSE 'manual' END, CASE WHEN $5 THEN NULL ELSE now() END)")
                .execute(Tuple.from(new Object[]{id, organizationId, type.wire(), name, enabled, settings.toString(),
                        actor}))
                .replaceWithVoid();
    }

    public Uni<Void> update(SqlClient c, UUID id, String name, ObjectNode settings, String actor) {
        return c.preparedQuery("UPDATE integrations SET name = $2, settings = $3::text::jsonb, updated_by = $4"
                + " WHERE id = $1").execute(Tuple.of(id, name, settings.toString(), actor)).replaceWithVoid();
    }

    public Uni<Boolean> delete(SqlClient c, UUID id) {
        return c.preparedQuery("DELETE FROM integrations WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * Stores a new credential for {@code integration}, sealed and bound to its organization and id. {@code keepPrevious}:
     * the replaced one keeps working (a webhook's second signature) for that long; null forgets it at once.
     */
    public Uni<Void> storeSecret(SqlClient c, UUID organizationId, UUID integrationId, String plaintext,
            Instant expiresAt, Duration keepPrevious) {
        SecretBox.Sealed sealed = secrets.seal(plaintext, Integration.secretBinding(organizationId, integrationId));
        String last4 = plaintext.length() <= 4 ? plaintext : plaintext.substring(plaintext.length() - 4);
        String upsert = keepPrevious == null
                ? "INSERT INTO integration_secrets (integration_id, key_id, ciphertext) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (integration_id) DO UPDATE SET key_id = excluded.key_id,"
                        + " ciphertext = excluded.ciphertext, previous_key_id = NULL, previous_ciphertext = NULL,"
                        + " previous_valid_until = NULL, updated_at = now()"
                : "INSERT INTO integration_secrets (integration_id, key_id, ciphertext) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (integration_id) DO UPDATE SET key_id = excluded.key_id,"
                        + " ciphertext = excluded.ciphertext, previous_key_id = integration_secrets.key_id,"
                        + " previous_ciphertext = integration_secrets.ciphertext,"
                        + " previous_valid_until = now() + make_interval(secs => $4), updated_at = now()";
        Tuple args = keepPrevious == null
                ? Tuple.of(integrationId, sealed.keyId(), sealed.ciphertext())
                : Tuple.of(integrationId, sealed.keyId(), sealed.ciphertext(), (double) keepPrevious.toSeconds());
        return c.preparedQuery(upsert).execute(args)
                .chain(() -> c.preparedQuery("UPDATE integrations SET secret_last4 = $2, secret_set_at = now(),"
                        + " secret_expires_at = $3 WHERE id = $1")
                        .execute(Tuple.of(integrationId, last4, Rows.time(expiresAt))))
                .replaceWithVoid();
    }

    public Uni<Void> setSecretExpiry(SqlClient c, UUID integrationId, Instant expiresAt) {
        return c.preparedQuery("UPDATE integrations SET secret_expires_at = $2 WHERE id = $1")
                .execute(Tuple.of(integrationId, Rows.time(expiresAt))).replaceWithVoid();
    }

    /** The decrypted credential of {@code integration} (empty when none is stored). */
    public Uni<Optional<Credentials>> credentials(Integration integration) {
        return pool.preparedQuery("SELECT key_id, ciphertext, previous_key_id, previous_ciphertext,"
                + " previous_valid_until > now() AS previous_valid FROM integration_secrets WHERE integration_id = $1")
                .execute(Tuple.of(integration.id())).map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    String binding = Integration.secretBinding(integration.organizationId(), integration.id());
                    String current = secrets.open(r.getString("key_id"), r.getString("ciphertext"), binding);
                    String previous = Boolean.TRUE.equals(r.getBoolean("previous_valid"))
                            ? secrets.open(r.getString("previous_key_id"), r.getString("previous_ciphertext"), binding)
                            : null;
                    return Optional.of(new Credentials(current, previous));
                });
    }

    /**
     * Enables the integration: health reset, circuit closed, and its pending deliveries due at once. False when it was
     * already enabled.
     */
    public Uni<Boolean> enable(SqlClient c, UUID id, String actor) {
        return c.preparedQuery("UPDATE integrations SET enabled = true, disabled_reason = NULL, disabled_at = NULL,"
                + " consecutive_failures = 0, retryable_streak = 0, circuit_state = 'closed', circuit_retry_at = NULL,"
                + " updated_by = $2 WHERE id = $1 AND NOT enabled").execute(Tuple.of(id, actor))
                .chain(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().item(false)
                        : c.preparedQuery("UPDATE deliveries SET next_attempt_at = now() WHERE integration_id = $1"
                                + " AND status = 'pending'").execute(Tuple.of(id)).replaceWith(true));
    }

    /** Disables the integration for {@code reason}; empty when it was already disabled (nothing to announce). */
    public Uni<Optional<Integration>> disable(SqlClient c, UUID id, String reason, String lastError, String actor) {
        return c.preparedQuery("UPDATE integrations SET enabled = false, disabled_reason = $2, disabled_at = now(),"
                + " last_error = coalesce($3, last_error), updated_by = coalesce($4, updated_by)"
                + " WHERE id = $1 AND enabled RETURNING " + COLUMNS)
                .execute(Tuple.of(id, reason, lastError, actor))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(from(rows.iterator().next())));
    }

    /** Re-encrypts up to {@code limit} credentials sealed with another key than the active one; returns how many. */
    public Uni<Integer> rotateKeys(int limit) {
        if (secrets.activeKeyId().isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String active = secrets.activeKeyId().get();
        return pool.withTransaction(c -> c.preparedQuery("SELECT s.integration_id, i.organization_id, s.key_id,"
                + " s.ciphertext, s.previous_key_id, s.previous_ciphertext FROM integration_secrets s"
                + " JOIN integrations i ON i.id = s.integration_id"
                + " WHERE s.key_id <> $1 OR s.previous_key_id <> $1 LIMIT $2 FOR UPDATE OF s SKIP LOCKED")
                .execute(Tuple.of(active, limit))
                .chain(rows -> {
                    List<Tuple> updates = new ArrayList<>();
                    for (Row r : rows) {
                        UUID id = r.getUUID("integration_id");
                        String binding = Integration.secretBinding(r.getUUID("organization_id"), id);
                        SecretBox.Sealed current = secrets.seal(
                                secrets.open(r.getString("key_id"), r.getString("ciphertext"), binding), binding);
                        SecretBox.Sealed previous = r.getString("previous_ciphertext") == null
                                ? null
                                : secrets.seal(secrets.open(r.getString("previous_key_id"),
                                        r.getString("previous_ciphertext"), binding), binding);
                        updates.add(Tuple.of(id, current.keyId(), current.ciphertext(),
                                previous == null ? null : previous.keyId(),
                                previous == null ? null : previous.ciphertext()));
                    }
                    if (updates.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return c.preparedQuery("UPDATE integration_secrets SET key_id = $2, ciphertext = $3,"
                            + " previous_key_id = $4, previous_ciphertext = $5, updated_at = now()"
                            + " WHERE integration_id = $1").executeBatch(updates).replaceWith(updates.size());
                }));
    }

    private List<Integration> all(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Integration> out = new ArrayList<>();
        rows.forEach(r -> out.add(from(r)));
        return out;
    }

    Integration from(Row r) {
        return new Integration(r.getUUID("id"), r.getUUID("organization_id"),
                IntegrationType.fromWire(r.getString("type")).orElseThrow(), r.getString("name"),
                r.getBoolean("enabled"), (ObjectNode) Rows.json(mapper, r.getString("settings")),
                r.getString("secret_last4"), Rows.instant(r, "secret_set_at"), Rows.instant(r, "secret_expires_at"),
                r.getString("created_by"), r.getString("disabled_reason"), Rows.instant(r, "disabled_at"),
                r.getString("last_error"), r.getInteger("consecutive_failures"), r.getString("circuit_state"),
                Rows.instant(r, "circuit_retry_at"), Rows.instant(r, "last_success_at"), Rows.instant(r, "created_at"),
                Rows.instant(r, "updated_at"));
    }
}
