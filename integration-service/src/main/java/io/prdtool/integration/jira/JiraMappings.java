package io.prdtool.integration.jira;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.shared.tx.ActorContext;
import io.prdtool.shared.tx.Tx;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The Jira issues of one PRD in one integration: one {@code integration_mappings} row of type {@value #TYPE} per
 * requirement id (and {@value #EPIC} for the epic). A row is written with status {@code creating} in its own
 * transaction <em>before</em> the create call, so a create whose answer was lost is known to have been attempted: the
 * next attempt looks for it by its label before creating again. A requirement a later version no longer has keeps its
 * row with status {@code removed}.
 */
@ApplicationScoped
public class JiraMappings {

    public static final String TYPE = "jira-issue";
    public static final String EPIC = "@epic";
    static final ActorContext SYSTEM = ActorContext.system("integration-service");

    /** One row: the requirement id (or {@link #EPIC}), the issue key once known, status and error. */
    public record Row(String key, String issueKey, String status, String error) {
    }

    @Inject
    Pool pool;

    @Inject
    Tx tx;

    public Uni<Map<String, Row>> load(UUID integrationId, UUID prdId) {
        return pool.preparedQuery("SELECT external_key, external_id, sync_status, sync_error FROM integration_mappings"
                + " WHERE integration_id = $1 AND prd_id = $2 AND external_type = $3 ORDER BY created_at, external_key")
                .execute(Tuple.of(integrationId, prdId, TYPE)).map(rows -> {
                    Map<String, Row> out = new LinkedHashMap<>();
                    for (io.vertx.mutiny.sqlclient.Row r : rows) {
                        out.put(r.getString("external_key"), new Row(r.getString("external_key"),
                                r.getString("external_id"), r.getString("sync_status"), r.getString("sync_error")));
                    }
                    return out;
                });
    }

    /** Marks {@code keys} as being created (before the call that creates them). */
    public Uni<Void> creating(UUID integrationId, UUID organizationId, UUID prdId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.writeWithConnectionAs(SYSTEM, organizationId, c -> Multi.createFrom().iterable(keys)
                .onItem().transformToUniAndConcatenate(key -> c.preparedQuery("INSERT INTO integration_mappings"
                        + " (integration_id, organization_id, prd_id, external_type, external_key, sync_status)"
                        + " VALUES ($1, $2, $3, $4, $5, 'creating') ON CONFLICT (integration_id, prd_id, external_type,"
                        + " external_key) DO UPDATE SET sync_status = 'creating', sync_error = NULL, updated_at = now()"
                        + " WHERE integration_mappings.external_id IS NULL")
                        .execute(Tuple.from(new Object[]{integrationId, organizationId, prdId, TYPE, key})))
                .collect().last().replaceWithVoid());
    }

    /** Records the outcome for {@code key}: the issue key (synced) or an error (failed). */
    public Uni<Void> result(UUID integrationId, UUID organizationId, UUID prdId, String key, String issueKey,
            String url, String version, String error) {
        return tx.writeWithConnectionAs(SYSTEM, organizationId, c -> c.preparedQuery("INSERT INTO integration_mappings"
                + " (integration_id, organization_id, prd_id, external_type, external_key, external_id, external_url,"
                + " sync_status, sync_error, last_version, last_synced_at) VALUES ($1, $2, $3, $4, $5, $6::varchar, $7, $8,"
                + " $9, $10, CASE WHEN $6::varchar IS NOT NULL THEN now() END) ON CONFLICT (integration_id, prd_id,"
                + " external_type, external_key) DO UPDATE SET external_id = coalesce(excluded.external_id,"
                + " integration_mappings.external_id), external_url = coalesce(excluded.external_url,"
                + " integration_mappings.external_url), sync_status = excluded.sync_status,"
                + " sync_error = excluded.sync_error, last_version = coalesce(excluded.last_version,"
                + " integration_mappings.last_version), last_synced_at = coalesce(excluded.last_synced_at,"
                + " integration_mappings.last_synced_at), updated_at = now()")
                .execute(Tuple.from(new Object[]{integrationId, organizationId, prdId, TYPE, key, issueKey, url,
                        issueKey != null ? "synced" : "failed", error == null
                                ? null
                                : (error.length() > 500 ? error.substring(0, 500) : error),
                        version}))
                .replaceWithVoid());
    }

    /**
     * Marks {@code key} as removed from the PRD in {@code version} (its issue, if any, was labelled and commented).
     */
    public Uni<Void> removed(UUID integrationId, UUID organizationId, UUID prdId, String key, String version) {
        return tx.writeWithConnectionAs(SYSTEM, organizationId, c -> c.preparedQuery("UPDATE integration_mappings"
                + " SET sync_status = 'removed', sync_error = NULL, last_version = coalesce($5, last_version),"
                + " last_synced_at = now(), updated_at = now() WHERE integration_id = $1 AND prd_id = $2"
                + " AND external_type = $3 AND external_key = $4")
                .execute(Tuple.of(integrationId, prdId, TYPE, key, version)).replaceWithVoid());
    }
}
