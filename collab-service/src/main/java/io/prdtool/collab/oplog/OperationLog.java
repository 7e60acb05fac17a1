package io.prdtool.collab.oplog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.prdtool.collab.config.CollabConfig;
import io.prdtool.collab.db.Columns;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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

    /** V7__operation_rows_without_state_vectors.sql: lock, catch-up read, update rows and run rows in one statement. */
    static final String APPEND = "SELECT update_id, foreign_update FROM collab_append_log($1, $2, $3,"
            + " $4::text[], $5::text[], $6::bytea[], $7::int[], $8::text[], $9::bigint[],"
            + " $10::int[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[])";

    /** V8__append_many_documents.sql: the same for several documents in one transaction. */
    static final String APPEND_MANY = "SELECT doc, update_id, foreign_update FROM collab_append_batch($1,"
            + " $2::uuid[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::bytea[], $8::int[], $9::text[],"
            + " $10::bigint[], $11::int[], $12::int[], $13::text[], $14::text[], $15::text[], $16::text[])";

    @Inject
    Pool pool;

    @Inject
    CollabConfig config;

    @Inject
    MeterRegistry registry;

    /** Appends waiting for a lane (group commit across documents), in arrival order; guarded by itself. */
    private final ArrayDeque<Request> queued = new ArrayDeque<>();
    private int inFlight;
    private DistributionSummary batchDocuments;

    @PostConstruct
    void registerMetrics() {
        batchDocuments = DistributionSummary.builder("prdtool.collab.append.batch.documents")
                .description("Documents stored by one append statement (group commit across documents)")
                .register(registry);
    }

    /** One document's append waiting to be sent. */
    private record Request(UUID prdId, String instance, long afterId, List<NewUpdate> updates,
            CompletableFuture<Appended> result) {
    }

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

    /**
     * One update to append: who, from where, the bytes, its runs. No state vector: a run is identified by its
     * (client, clock, length), ordered by its update's id, and applied to the state of every update before it.
     */
    public record NewUpdate(String subject, String source, byte[] update, List<Operation> operations) {
    }

    /** What an append stored and what it found: other instances' updates after the caller's mark, then the new ids. */
    public record Appended(List<StoredUpdate> foreign, List<Long> ids) {
    }

    /**
     * Appends updates of one document and their runs in one statement and one round trip (group commit: a document's
     * queue stores everything that arrived while its previous write was in flight at once). Emits, once committed, the
     * new ids in order, and the updates that other instances committed after {@code afterId} (the caller's "caught up
     * to" mark), which the caller applies so that its copy again holds every update up to the last id.
     */
    public Uni<Appended> append(UUID prdId, String instance, long afterId, List<NewUpdate> updates) {
        return Uni.createFrom().completionStage(() -> appendNow(prdId, instance, afterId, updates));
    }

    /**
     * {@link #append} as a plain completion stage (the path of every keystroke: no reactive stages, whose context
     * capture costs more than the rest of the call). Sent at once when a lane is free; otherwise it waits for one and
     * goes with what other documents have pending in one statement and one transaction (group commit across
     * documents: most of a small append's database cost is the transaction, not the rows). Completes on the database
     * connection's event loop.
     */
    public CompletionStage<Appended> appendNow(UUID prdId, String instance, long afterId, List<NewUpdate> updates) {
        Request request = new Request(prdId, instance, afterId, updates, new CompletableFuture<>());
        List<Request> batch = null;
        synchronized (queued) {
            queued.add(request);
            if (inFlight < Math.max(1, config.documents().appendLanes())) {
                inFlight++;
                batch = takeBatch();
            }
        }
        if (batch != null) {
            send(batch);
        }
        return request.result();
    }

    /**
     * Everything queued for one instance name (always the same in practice), at most one request per document (a
     * document's next append waits for its previous one anyway). Caller holds {@code queued}.
     */
    private List<Request> takeBatch() {
        List<Request> batch = new ArrayList<>(queued.size());
        String instance = queued.peekFirst().instance();
        java.util.Set<UUID> documents = new java.util.HashSet<>();
        for (Iterator<Request> it = queued.iterator(); it.hasNext();) {
            Request r = it.next();
            if (r.instance().equals(instance) && documents.add(r.prdId())) {
                batch.add(r);
                it.remove();
            }
        }
        return batch;
    }

    /** Sends one batch; when it is done, the lane takes what queued meanwhile, or is freed. */
    private void send(List<Request> batch) {
        batchDocuments.record(batch.size());
        io.vertx.core.Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> call;
        try {
            call = batch.size() == 1
                    ? pool.getDelegate().preparedQuery(APPEND).execute(appendArgs(batch.get(0)))
                    : pool.getDelegate().preparedQuery(APPEND_MANY).execute(appendManyArgs(batch));
        } catch (RuntimeException e) {
            call = io.vertx.core.Future.failedFuture(e);
        }
        call.onComplete(done -> {
            // the next batch goes out first: the database works on it while this one's callers broadcast
            nextOrRelease();
            if (done.succeeded()) {
                complete(batch, done.result());
            } else {
                batch.forEach(r -> r.result().completeExceptionally(done.cause()));
            }
        });
    }

    /** A lane that is done sends what queued meanwhile, or is freed. */
    private void nextOrRelease() {
        List<Request> next = null;
        synchronized (queued) {
            if (queued.isEmpty()) {
                inFlight--;
            } else {
                next = takeBatch();
            }
        }
        if (next != null) {
            send(next);
        }
    }

    private static void complete(List<Request> batch, io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows) {
        if (batch.size() == 1) {
            Request r = batch.get(0);
            r.result().complete(appended(rows, r.updates().size()));
            return;
        }
        List<List<StoredUpdate>> foreign = new ArrayList<>(batch.size());
        List<List<Long>> ids = new ArrayList<>(batch.size());
        for (Request r : batch) {
            foreign.add(new ArrayList<>());
            ids.add(new ArrayList<>(r.updates().size()));
        }
        for (io.vertx.sqlclient.Row row : rows) {
            int doc = row.getInteger("doc") - 1;
            Buffer update = row.getBuffer("foreign_update");
            if (update == null) {
                ids.get(doc).add(row.getLong("update_id"));
            } else {
                foreign.get(doc).add(new StoredUpdate(row.getLong("update_id"), update.getBytes()));
            }
        }
        for (int k = 0; k < batch.size(); k++) {
            batch.get(k).result().complete(new Appended(foreign.get(k), ids.get(k)));
        }
    }

    /**
     * Appends {@code update} only if the document's log is empty (no update, no snapshot), deciding under the PRD's
     * lock: of several instances that load a new document at once and seed it, one stores its seed. Emits whether
     * this call stored it.
     */
    public Uni<Boolean> appendIfEmpty(UUID prdId, String instance, NewUpdate update) {
        return pool.withTransaction(c -> c.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('collab.document'),"
                + " hashtext($1))").execute(Tuple.of(prdId.toString()))
                .chain(() -> c.preparedQuery("SELECT EXISTS (SELECT 1 FROM crdt_updates WHERE prd_id = $1)"
                        + " OR EXISTS (SELECT 1 FROM document_snapshots WHERE prd_id = $1) AS found")
                        .execute(Tuple.of(prdId)))
                .chain(rows -> rows.iterator().next().getBoolean("found")
                        ? Uni.createFrom().item(false)
                        : c.preparedQuery(APPEND)
                                .execute(Tuple.newInstance(appendArgs(prdId, instance, 0, List.of(update))))
                                .replaceWith(true)));
    }

    private static io.vertx.sqlclient.Tuple appendArgs(Request r) {
        return appendArgs(r.prdId(), r.instance(), r.afterId(), r.updates());
    }

    /** collab_append_batch's arguments: documents, then their updates (naming their document), then the runs. */
    private static io.vertx.sqlclient.Tuple appendManyArgs(List<Request> batch) {
        List<Integer> updateDoc = new ArrayList<>();
        List<NewUpdate> updates = new ArrayList<>();
        for (int d = 0; d < batch.size(); d++) {
            for (NewUpdate u : batch.get(d).updates()) {
                updateDoc.add(d + 1);
                updates.add(u);
            }
        }
        List<Object> args = new ArrayList<>(List.of(batch.get(0).instance(),
                Columns.of(batch, Request::prdId, UUID[]::new), Columns.of(batch, Request::afterId, Long[]::new),
                updateDoc.toArray(new Integer[0])));
        addUpdateAndRunColumns(args, updates);
        return io.vertx.sqlclient.Tuple.from(args);
    }

    private static io.vertx.sqlclient.Tuple appendArgs(UUID prdId, String instance, long afterId,
            List<NewUpdate> updates) {
        List<Object> args = new ArrayList<>(List.of(prdId, instance, afterId));
        addUpdateAndRunColumns(args, updates);
        return io.vertx.sqlclient.Tuple.from(args);
    }

    /**
     * The arguments both append functions end with: the updates' subjects, sources and bytes, then their runs, each
     * naming its update by position (1-based, the functions' o_update).
     */
    private static void addUpdateAndRunColumns(List<Object> args, List<NewUpdate> updates) {
        List<Integer> opUpdate = new ArrayList<>();
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            for (Operation op : updates.get(i).operations()) {
                opUpdate.add(i + 1);
                ops.add(op);
            }
        }
        args.addAll(List.of(Columns.of(updates, NewUpdate::subject, String[]::new),
                Columns.of(updates, NewUpdate::source, String[]::new),
                Columns.of(updates, u -> Buffer.buffer(u.update()), Buffer[]::new),
                opUpdate.toArray(new Integer[0]), Columns.of(ops, Operation::type, String[]::new),
                Columns.of(ops, Operation::clientId, Long[]::new), Columns.of(ops, Operation::clock, Integer[]::new),
                Columns.of(ops, Operation::length, Integer[]::new),
                Columns.of(ops, Operation::contentKind, String[]::new),
                Columns.of(ops, Operation::content, String[]::new),
                Columns.of(ops, Operation::attributes, String[]::new),
                Columns.of(ops, Operation::parent, String[]::new)));
    }

    private static Appended appended(io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows, int n) {
        List<StoredUpdate> foreign = new ArrayList<>();
        List<Long> ids = new ArrayList<>(n);
        for (io.vertx.sqlclient.Row row : rows) {
            Buffer update = row.getBuffer("foreign_update");
            if (update == null) {
                ids.add(row.getLong("update_id"));
            } else {
                foreign.add(new StoredUpdate(row.getLong("update_id"), update.getBytes()));
            }
        }
        return new Appended(foreign, ids);
    }

    /**
     * The latest snapshot and the updates after it. No lock needed (it would hold up the PRD's writers): a visible id
     * implies that every lower id of the PRD committed before it, so the tail is a prefix; a snapshot written between
     * the two reads is simply not used.
     */
    public Uni<Stored> read(UUID prdId) {
        return pool.withConnection(c -> c.preparedQuery("SELECT state_v1, up_to_update_id FROM document_snapshots"
                + " WHERE prd_id = $1 ORDER BY up_to_update_id DESC LIMIT 1").execute(Tuple.of(prdId))
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
     * Per PRD, its updates after the given id that another instance than {@code instance} stored, in order. No lock
     * needed: a visible id implies that every lower id of the PRD committed before it (writers serialize on the PRD's
     * lock), so what this reads is a prefix.
     */
    public Uni<Map<UUID, List<StoredUpdate>>> updatesAfter(Map<UUID, Long> afterIds, String instance,
            int limitPerDocument) {
        List<Map.Entry<UUID, Long>> documents = new ArrayList<>(afterIds.entrySet());
        // one statement for every document, one index range each
        return pool.preparedQuery("SELECT u.prd_id, u.id, u.update_v1 FROM unnest($1::uuid[], $2::bigint[])"
                + " AS r(prd, after) CROSS JOIN LATERAL (SELECT prd_id, id, update_v1 FROM crdt_updates"
                + " WHERE prd_id = r.prd AND id > r.after AND instance_id IS DISTINCT FROM $3 ORDER BY id LIMIT $4) u"
                + " ORDER BY u.prd_id, u.id")
                .execute(Tuple.of(Columns.of(documents, Map.Entry::getKey, UUID[]::new),
                        Columns.of(documents, Map.Entry::getValue, Long[]::new), instance, limitPerDocument))
                .map(rows -> {
                    Map<UUID, List<StoredUpdate>> updates = new LinkedHashMap<>();
                    for (Row row : rows) {
                        updates.computeIfAbsent(row.getUUID("prd_id"), k -> new ArrayList<>()).add(
                                new StoredUpdate(row.getLong("id"), row.getBuffer("update_v1").getBytes()));
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
}
