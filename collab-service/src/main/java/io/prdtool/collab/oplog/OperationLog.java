package io.prdtool.collab.oplog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The durable operation log of every document: {@code crdt_updates} (the raw Yjs updates, the source of truth for
 * loading) and {@code crdt_operations} (one readable row per run), plus {@code document_snapshots}.
 * <p>
 * Every write to one PRD's log holds the transaction-level advisory lock of that PRD, so update ids of one PRD are
 * allocated and committed in the same order; "all updates with id &le; n" is then a stable prefix that a snapshot can
 * cover without missing a late commit.
 */
@ApplicationScoped
public class OperationLog {

    static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('collab.document'), hashtext($1::text))";
    static final String INSERT_UPDATE = "INSERT INTO crdt_updates (prd_id, user_subject, source, update_v1,"
            + " state_vector) VALUES ($1, $2, $3, $4, $5) RETURNING id";
    static final String INSERT_OPERATION = "INSERT INTO crdt_operations (update_id, prd_id, user_subject,"
            + " operation_type, client_id, clock, length, content_kind, content, attributes, parent, vector_clock)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11, $12::text::jsonb)";

    @Inject
    Pool pool;

    /** A stored update to replay. */
    public record StoredUpdate(long id, byte[] update) {
    }

    /** The latest snapshot of a document. */
    public record Snapshot(byte[] state, long upToUpdateId) {
    }

    /** The latest snapshot (if any) and every update after it, in order. */
    public record Stored(Optional<Snapshot> snapshot, List<StoredUpdate> tail) {

        public long lastUpdateId() {
            return tail.isEmpty() ? snapshot.map(Snapshot::upToUpdateId).orElse(0L) : tail.get(tail.size() - 1).id();
        }
    }

    /** One update to append: who, from where, the bytes, the document's state vector after it, its runs. */
    public record NewUpdate(String subject, String source, byte[] update, byte[] stateVector,
            Map<Long, Integer> vectorClock, List<Operation> operations) {
    }

    /** Appends one update and its runs; emits the update id once it is committed. */
    public Uni<Long> append(UUID prdId, NewUpdate update) {
        return appendAll(prdId, List.of(update)).map(ids -> ids.get(0));
    }

    /**
     * Appends updates of one document in one transaction (group commit: a document's queue stores everything that
     * arrived while the previous write was in flight at once); emits their ids, in order, once committed.
     */
    public Uni<List<Long>> appendAll(UUID prdId, List<NewUpdate> updates) {
        List<Tuple> rows = new ArrayList<>(updates.size());
        for (NewUpdate u : updates) {
            rows.add(Tuple.of(prdId, u.subject(), u.source(), Buffer.buffer(u.update()),
                    Buffer.buffer(u.stateVector())));
        }
        return pool.withTransaction(c -> lock(c, prdId)
                .chain(() -> c.preparedQuery(INSERT_UPDATE).executeBatch(rows))
                .chain(result -> {
                    List<Long> ids = new ArrayList<>(updates.size());
                    for (RowSet<Row> rs = result; rs != null; rs = rs.next()) {
                        for (Row r : rs) {
                            ids.add(r.getLong("id"));
                        }
                    }
                    List<Tuple> ops = new ArrayList<>();
                    for (int i = 0; i < updates.size(); i++) {
                        NewUpdate u = updates.get(i);
                        String clock = toJson(u.vectorClock());
                        for (Operation op : u.operations()) {
                            ops.add(Tuple.from(new Object[]{ids.get(i), prdId, u.subject(), op.type(),
                                    op.clientId(), op.clock(), op.length(), op.contentKind(), op.content(),
                                    op.attributes(), op.parent(), clock}));
                        }
                    }
                    return ops.isEmpty()
                            ? Uni.createFrom().item(ids)
                            : c.preparedQuery(INSERT_OPERATION).executeBatch(ops).replaceWith(ids);
                }));
    }

    /** The latest snapshot and the updates after it, read under the PRD's lock (a consistent prefix). */
    public Uni<Stored> read(UUID prdId) {
        return pool.withTransaction(c -> lock(c, prdId)
                .chain(() -> c.preparedQuery("SELECT state_v1, up_to_update_id FROM document_snapshots"
                        + " WHERE prd_id = $1 ORDER BY up_to_update_id DESC LIMIT 1").execute(Tuple.of(prdId)))
                .chain(rows -> {
                    Optional<Snapshot> snapshot = Optional.empty();
                    for (Row row : rows) {
                        snapshot = Optional.of(new Snapshot(row.getBuffer("state_v1").getBytes(),
                                row.getLong("up_to_update_id")));
                    }
                    long after = snapshot.map(Snapshot::upToUpdateId).orElse(0L);
                    Optional<Snapshot> found = snapshot;
                    return c.preparedQuery("SELECT id, update_v1 FROM crdt_updates WHERE prd_id = $1 AND id > $2"
                            + " ORDER BY id").execute(Tuple.of(prdId, after))
                            .map(tail -> {
                                List<StoredUpdate> updates = new ArrayList<>();
                                for (Row row : tail) {
                                    updates.add(new StoredUpdate(row.getLong("id"),
                                            row.getBuffer("update_v1").getBytes()));
                                }
                                return new Stored(found, updates);
                            });
                }));
    }

    /**
     * Updates of a PRD after {@code afterId}, in order. No lock needed: a visible id implies that every lower id of the
     * PRD committed before it (writers serialize on the PRD's lock), so what this reads is a prefix.
     */
    public Uni<List<StoredUpdate>> updatesAfter(UUID prdId, long afterId, int limit) {
        return pool.preparedQuery("SELECT id, update_v1 FROM crdt_updates WHERE prd_id = $1 AND id > $2 ORDER BY id"
                + " LIMIT $3").execute(Tuple.of(prdId, afterId, limit)).map(rows -> {
                    List<StoredUpdate> updates = new ArrayList<>();
                    for (Row row : rows) {
                        updates.add(new StoredUpdate(row.getLong("id"), row.getBuffer("update_v1").getBytes()));
                    }
                    return updates;
                });
    }

    /** Stores a snapshot covering every update up to {@code upToUpdateId}; keeps the two newest snapshots. */
    public Uni<Void> saveSnapshot(UUID prdId, byte[] state, byte[] stateVector, long upToUpdateId, int updatesApplied) {
        return pool.withTransaction(c -> c.preparedQuery("INSERT INTO document_snapshots (prd_id, state_v1,"
                + " state_vector, up_to_update_id, updates_applied) VALUES ($1, $2, $3, $4, $5)"
                + " ON CONFLICT (prd_id, up_to_update_id) DO NOTHING")
                .execute(Tuple.of(prdId, Buffer.buffer(state), Buffer.buffer(stateVector), upToUpdateId,
                        updatesApplied))
                .chain(() -> c.preparedQuery("DELETE FROM document_snapshots WHERE prd_id = $1 AND id NOT IN"
                        + " (SELECT id FROM document_snapshots WHERE prd_id = $1"
                        + " ORDER BY up_to_update_id DESC LIMIT 2)").execute(Tuple.of(prdId)))
                .replaceWithVoid());
    }

    private static Uni<Void> lock(SqlConnection c, UUID prdId) {
        return c.preparedQuery(LOCK).execute(Tuple.of(prdId.toString())).replaceWithVoid();
    }

    private static String toJson(Map<Long, Integer> vectorClock) {
        JsonObject o = new JsonObject();
        vectorClock.forEach((client, clock) -> o.put(Long.toString(client), clock));
        return o.encode();
    }
}
