package io.prdtool.ai.settings;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.ai.db.Rows;
import io.prdtool.shared.crypto.SecretBox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads and writes {@code ai_org_settings}, {@code ai_provider_configs} and the encrypted provider keys. */
@ApplicationScoped
public class SettingsRepository {

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    @Inject
    SecretBox secrets;

    public Uni<OrgSettings> settings(UUID organizationId) {
        return settings(pool, organizationId);
    }

    public Uni<OrgSettings> settings(SqlClient c, UUID organizationId) {
        return c.preparedQuery("SELECT ai_enabled, disabled_actions, prompt_retention_days, monthly_token_budget,"
                + " rubric::text AS rubric FROM ai_org_settings WHERE organization_id = $1")
                .execute(Tuple.of(organizationId)).map(rows -> {
                    if (rows.size() == 0) {
                        return OrgSettings.defaults(organizationId);
                    }
                    Row r = rows.iterator().next();
                    Set<String> disabled = new HashSet<>(List.of(r.getArrayOfStrings("disabled_actions")));
                    return new OrgSettings(organizationId, r.getBoolean("ai_enabled"), Set.copyOf(disabled),
                            r.getInteger("prompt_retention_days"), r.getLong("monthly_token_budget"),
                            Rows.json(mapper, r.getString("rubric")));
                });
    }

    public Uni<Void> saveSettings(SqlClient c, OrgSettings s, String actor) {
        return c.preparedQuery("INSERT INTO ai_org_settings (organization_id, ai_enabled, disabled_actions,"
                + " prompt_retention_days, monthly_token_budget, rubric, updated_by)"
                + " VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7) ON CONFLICT (organization_id) DO UPDATE SET"
                + " ai_enabled = excluded.ai_enabled, disabled_actions = excluded.disabled_actions,"
                + " prompt_retention_days = excluded.prompt_retention_days,"
                + " monthly_token_budget = excluded.monthly_token_budget, rubric = excluded.rubric,"
                + " updated_by = excluded.updated_by")
                .execute(Tuple.from(new Object[]{s.organizationId(), s.aiEnabled(),
                        s.disabledActions().stream().sorted().toArray(String[]::new), s.promptRetentionDays(),
                        s.monthlyTokenBudget(), s.rubric() == null ? null : s.rubric().toString(), actor}))
                .replaceWithVoid();
    }

    public Uni<Optional<ProviderOverride>> override(UUID organizationId) {
        return override(pool, organizationId);
    }

    public Uni<Optional<ProviderOverride>> override(SqlClient c, UUID organizationId) {
        return c.preparedQuery("SELECT kind, base_url, model, api_version, token_limit_field, api_key_last4,"
                + " api_key_set_at, updated_at FROM ai_provider_configs WHERE organization_id = $1")
                .execute(Tuple.of(organizationId)).map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new ProviderOverride(organizationId, r.getString("kind"),
                            r.getString("base_url"), r.getString("model"), r.getString("api_version"),
                            r.getString("token_limit_field"), r.getString("api_key_last4"),
                            Rows.instant(r, "api_key_set_at"), Rows.instant(r, "updated_at")));
                });
    }

    /**
     * Stores the organization's provider. {@code apiKey}: null keeps the stored key, empty removes it, anything
     * else replaces it (encrypted; only its last four characters are kept in clear, for recognition).
     */
    public Uni<Void> saveOverride(SqlClient c, ProviderOverride o, String apiKey, String actor) {
        String last4 = apiKey == null || apiKey.isEmpty()
                ? null
                : apiKey.length() <= 4 ? apiKey : apiKey.substring(apiKey.length() - 4);
        SecretBox.Sealed sealed = apiKey == null || apiKey.isEmpty()
                ? null
                : secrets.seal(apiKey, SecretBoxes.providerKeyBinding(o.organizationId()));
        Uni<Void> config = c.preparedQuery("INSERT INTO ai_provider_configs (organization_id, kind, base_url, model,"
                + " api_version, token_limit_field, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                + " ON CONFLICT (organization_id) DO UPDATE SET kind = excluded.kind, base_url = excluded.base_url,"
                + " model = excluded.model, api_version = excluded.api_version,"
                + " token_limit_field = excluded.token_limit_field, updated_by = excluded.updated_by")
                .execute(Tuple.from(new Object[]{o.organizationId(), o.kind(), o.baseUrl(), o.model(),
                        o.apiVersion(), o.tokenLimitField(), actor}))
                .replaceWithVoid();
        if (apiKey == null) {
            return config;
        }
        if (sealed == null) {
            return config.chain(() -> c.preparedQuery("DELETE FROM ai_provider_secrets WHERE organization_id = $1")
                    .execute(Tuple.of(o.organizationId())))
                    .chain(() -> c.preparedQuery("UPDATE ai_provider_configs SET api_key_last4 = NULL,"
                            + " api_key_set_at = NULL WHERE organization_id = $1")
                            .execute(Tuple.of(o.organizationId())))
                    .replaceWithVoid();
        }
        return config.chain(() -> c.preparedQuery("INSERT INTO ai_provider_secrets (organization_id, key_id,"
                + " ciphertext) VALUES ($1, $2, $3) ON CONFLICT (organization_id) DO UPDATE SET"
                + " key_id = excluded.key_id, ciphertext = excluded.ciphertext, updated_at = now()")
                .execute(Tuple.of(o.organizationId(), sealed.keyId(), sealed.ciphertext())))
                .chain(() -> c.preparedQuery("UPDATE ai_provider_configs SET api_key_last4 = $2,"
                        + " api_key_set_at = now() WHERE organization_id = $1")
                        .execute(Tuple.of(o.organizationId(), last4)))
                .replaceWithVoid();
    }

    public Uni<Boolean> deleteOverride(SqlClient c, UUID organizationId) {
        return c.preparedQuery("DELETE FROM ai_provider_configs WHERE organization_id = $1")
                .execute(Tuple.of(organizationId)).map(rows -> rows.rowCount() > 0);
    }

    /** The organization's decrypted API key, if one is stored. */
    public Uni<Optional<String>> apiKey(UUID organizationId) {
        return pool.preparedQuery("SELECT key_id, ciphertext FROM ai_provider_secrets WHERE organization_id = $1")
                .execute(Tuple.of(organizationId)).map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(secrets.open(r.getString("key_id"), r.getString("ciphertext"),
                            SecretBoxes.providerKeyBinding(organizationId)));
                });
    }

    /** Re-encrypts up to {@code limit} keys sealed with another key than the active one; returns how many. */
    public Uni<Integer> rotateKeys(int limit) {
        if (secrets.activeKeyId().isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String active = secrets.activeKeyId().get();
        return pool.withTransaction(c -> c.preparedQuery("SELECT organization_id, key_id, ciphertext"
                + " FROM ai_provider_secrets WHERE key_id <> $1 LIMIT $2 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(active, limit))
                .chain(rows -> {
                    List<Tuple> updates = new java.util.ArrayList<>();
                    for (Row r : rows) {
                        UUID org = r.getUUID("organization_id");
                        String binding = SecretBoxes.providerKeyBinding(org);
                        String plain = secrets.open(r.getString("key_id"), r.getString("ciphertext"), binding);
                        SecretBox.Sealed sealed = secrets.seal(plain, binding);
                        updates.add(Tuple.of(org, sealed.keyId(), sealed.ciphertext()));
                    }
                    if (updates.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return c.preparedQuery("UPDATE ai_provider_secrets SET key_id = $2, ciphertext = $3,"
                            + " updated_at = now() WHERE organization_id = $1").executeBatch(updates)
                            .replaceWith(updates.size());
                }));
    }
}
