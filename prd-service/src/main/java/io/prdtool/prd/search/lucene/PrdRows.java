package io.prdtool.prd.search.lucene;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the PRD rows the lucene index is a projection of (events carry no content, so every change re-reads). */
@ApplicationScoped
public class PrdRows {

    private static final String COLUMNS = "id, organization_id, project_id, title, content, status, template_id,"
            + " created_by, updated_at";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One PRD as indexed; {@code updatedMicros} (microseconds since the epoch) is its version. */
    public record PrdRow(UUID id, UUID organizationId, UUID projectId, String title, String content, String status,
            UUID templateId, UUID createdBy, long updatedMicros) {
    }

    /** A recently updated PRD: its id and version. */
    public record Version(UUID id, long updatedMicros) {
    }

    private final Pool pool;

    public PrdRows(Pool pool) {
        this.pool = pool;
    }

    /** The current rows of these PRDs (deleted ones are absent). Blocking: never call it on an event loop. */
    public List<PrdRow> byIds(Collection<UUID> ids) {
        return read(pool.preparedQuery("SELECT " + COLUMNS + " FROM prds WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(new UUID[0]))));
    }

    /** Up to {@code limit} rows with an id greater than {@code after} (null: from the start), in id order. Blocking. */
    public List<PrdRow> batchAfter(UUID after, int limit) {
        if (after == null) {
            return read(pool.preparedQuery("SELECT " + COLUMNS + " FROM prds ORDER BY id LIMIT $1")
                    .execute(Tuple.of(limit)));
        }
        return read(pool.preparedQuery("SELECT " + COLUMNS + " FROM prds WHERE id > $1 ORDER BY id LIMIT $2")
                .execute(Tuple.of(after, limit)));
    }

    /**
     * The versions of the PRDs of an organization written within the last {@code seconds}, most recent first, at
     * most {@code limit}: what read-your-writes must find in the index (an index range scan on
     * {@code prds_org_updated_idx}).
     */
    public Uni<List<Version>> recentWrites(UUID orgId, int seconds, int limit) {
        return pool.preparedQuery("SELECT id, updated_at FROM prds WHERE organization_id = $1"
                + " AND updated_at > now() - make_interval(secs => $2) ORDER BY updated_at DESC LIMIT $3")
                .execute(Tuple.of(orgId, seconds, limit))
                .map(rows -> {
                    List<Version> versions = new ArrayList<>();
                    rows.forEach(r -> versions.add(new Version(r.getUUID(0), micros(r.getOffsetDateTime(1)))));
                    return versions;
                });
    }

    public static long micros(OffsetDateTime t) {
        return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static List<PrdRow> read(Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> query) {
        List<PrdRow> result = new ArrayList<>();
        for (Row r : query.await().atMost(TIMEOUT)) {
            result.add(new PrdRow(r.getUUID("id"), r.getUUID("organization_id"), r.getUUID("project_id"),
                    r.getString("title"), r.getString("content"), r.getString("status"), r.getUUID("template_id"),
                    r.getUUID("created_by"), micros(r.getOffsetDateTime("updated_at"))));
        }
        return result;
    }
}
