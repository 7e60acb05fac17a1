package io.prdtool.audit.trail;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads audit trails and verifies hash chains (appending is {@code audit_append_trail}, called by the consumer). */
@ApplicationScoped
public class TrailRepository {

    private static final String HISTORY = "SELECT id, chain_seq, service, table_name, record_id, record_key,"
            + " operation, old_data::text AS old_data, new_data::text AS new_data, changed_by, changed_at, hash"
            + " FROM audit_trails WHERE organization_id = $1 AND table_name = $2 AND record_id = $3"
            + " AND chain_seq > $4 ORDER BY chain_seq LIMIT $5";

    // Every row recomputed and compared with its predecessor in one ordered pass; the first problem wins.
    private static final String FIRST_BROKEN = "WITH t AS (SELECT id, chain_seq, prev_hash, hash,"
            + " audit_row_hash(prev_hash, organization_id, chain_seq, id, service, table_name, record_id, record_key,"
            + " operation, old_data, new_data, changed_by, changed_at) AS recomputed,"
            + " lag(hash) OVER w AS prev_row_hash, lag(chain_seq) OVER w AS prev_seq"
            + " FROM audit_trails WHERE organization_id = $1 WINDOW w AS (ORDER BY chain_seq)),"
            + " c AS (SELECT id, chain_seq, CASE"
            + " WHEN recomputed IS DISTINCT FROM hash THEN 'the row''s content does not match its hash'"
            + " WHEN prev_seq IS NOT NULL AND chain_seq <> prev_seq + 1 THEN 'rows are missing or inserted before this one'"
            + " WHEN prev_seq IS NOT NULL AND prev_hash IS DISTINCT FROM prev_row_hash"
            + " THEN 'the row does not link to the previous row''s hash'"
            + " WHEN prev_seq IS NULL AND chain_seq = 1 AND prev_hash IS NOT NULL THEN 'the first row links to a predecessor'"
            + " WHEN prev_seq IS NULL AND chain_seq > 1 AND NOT EXISTS (SELECT 1 FROM audit_archives"
            + " WHERE parent = 'audit_trails') THEN 'rows are missing before this one'"
            + " END AS reason FROM t)"
            + " SELECT id, chain_seq, reason FROM c WHERE reason IS NOT NULL ORDER BY chain_seq LIMIT 1";
    private static final String STATS = "SELECT count(*) AS n, min(chain_seq) AS first_seq, max(chain_seq) AS last_seq,"
            + " (SELECT hash FROM audit_trails WHERE organization_id = $1 ORDER BY chain_seq DESC LIMIT 1) AS last_hash,"
            + " (SELECT last_seq FROM audit_chain_heads WHERE organization_id = $1) AS head_seq,"
            + " (SELECT last_hash FROM audit_chain_heads WHERE organization_id = $1) AS head_hash"
            + " FROM audit_trails WHERE organization_id = $1";

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    Uni<TrailPage> history(UUID organizationId, String table, UUID recordId, long after, int limit) {
        return pool.preparedQuery(HISTORY).execute(Tuple.of(organizationId, table, recordId, after, limit + 1))
                .map(rows -> {
                    List<TrailEntry> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(toEntry(r));
                    }
                    Long next = null;
                    if (items.size() > limit) {
                        items = items.subList(0, limit);
                        next = items.get(limit - 1).chainSeq();
                    }
                    return new TrailPage(List.copyOf(items), next);
                });
    }

    public Uni<ChainVerification> verify(UUID organizationId) {
        return pool.preparedQuery(STATS).execute(Tuple.of(organizationId)).chain(statsRows -> {
            Row s = statsRows.iterator().next();
            long n = s.getLong("n");
            Long first = s.getLong("first_seq");
            Long last = s.getLong("last_seq");
            return pool.preparedQuery(FIRST_BROKEN).execute(Tuple.of(organizationId)).map(rows -> {
                if (rows.size() > 0) {
                    Row b = rows.iterator().next();
                    return new ChainVerification(organizationId, false, n, first, last, b.getLong("chain_seq"),
                            b.getUUID("id"), b.getString("reason"));
                }
                Long headSeq = s.getLong("head_seq");
                if (headSeq != null && (last == null || headSeq > last || !java.util.Arrays.equals(
                        bytes(s, "head_hash"), bytes(s, "last_hash")))) {
                    return new ChainVerification(organizationId, false, n, first, last,
                            last == null ? 1L : last + 1, null, "rows are missing at the end of the chain");
                }
                return new ChainVerification(organizationId, true, n, first, last, null, null, null);
            });
        });
    }

    private static byte[] bytes(Row r, String column) {
        var buffer = r.getBuffer(column);
        return buffer == null ? null : buffer.getBytes();
    }

    private TrailEntry toEntry(Row r) {
        return new TrailEntry(r.getUUID("id"), r.getLong("chain_seq"), r.getString("service"),
                r.getString("table_name"), r.getUUID("record_id"), r.getString("record_key"),
                r.getString("operation"), json(r.getString("old_data")), json(r.getString("new_data")),
                r.getString("changed_by"), r.getOffsetDateTime("changed_at").toInstant(),
                HexFormat.of().formatHex(bytes(r, "hash")));
    }

    private JsonNode json(String s) {
        try {
            return s == null ? null : mapper.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored row is not JSON", e);
        }
    }
}
