package io.prdtool.collab.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.prdtool.collab.cluster.ClusterFanOut;
import io.prdtool.collab.cluster.InstanceId;
import io.prdtool.collab.config.CollabConfig;
import io.prdtool.collab.crdt.MalformedUpdateException;
import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;
import io.prdtool.collab.events.ContentEvents;
import io.prdtool.collab.oplog.Operation;
import io.prdtool.collab.oplog.OperationLog;
import io.prdtool.collab.oplog.UpdateDigest;
import io.prdtool.collab.peer.DocumentText;
import io.prdtool.collab.seed.ContentSeed;
import io.prdtool.collab.snapshot.Compactor;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The documents this instance holds in memory ({@link Room}s) and the one path by which a document changes:
 * validate, apply, append to the operation log and only then broadcast (locally and to the other instances). A change
 * that cannot be stored is dropped from memory by reloading the document from the log, so memory never runs ahead of
 * what is durable.
 */
@ApplicationScoped
public class Documents {

    private static final Logger LOG = Logger.getLogger(Documents.class);

    /** Where a change came from: a WebSocket client or the server acting as a peer. */
    public enum Source {

        WEBSOCKET("websocket"), PEER("peer");

        final String column;

        Source(String column) {
            this.column = column;
        }
    }

    @Inject
    OperationLog log;

    @Inject
    CollabConfig config;

    @Inject
    ClusterFanOut fanOut;

    @Inject
    ContentEvents contentEvents;

    @Inject
    InstanceId instance;

    @Inject
    ContentSeed seeds;

    private final ConcurrentHashMap<UUID, Room> rooms = new ConcurrentHashMap<>();

    /** From a client update's arrival to its broadcast (validated, applied, stored): the server's share of latency. */
    private final Timer storeLatency;

    /** One batch's append to the operation log (the database's share of {@link #storeLatency}). */
    private final Timer storeTime;

    Documents(MeterRegistry registry) {
        storeLatency = Timer.builder("prdtool.collab.update.latency")
                .description("From a client update's arrival to its broadcast (validated, applied, stored)")
                .publishPercentiles(0.5, 0.9, 0.99).publishPercentileHistogram().register(registry);
        storeTime = Timer.builder("prdtool.collab.store.time")
                .description("One batch of updates appended to the operation log (a round trip to the database)")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("prdtool.collab.documents.loaded", rooms, Map::size)
                .description("Documents held in memory by this instance").register(registry);
    }

    void listenToOtherInstances(@Observes StartupEvent ev) {
        fanOut.onMessages(this::applyStored, this::relayAwareness, rooms::keySet);
    }

    /** Runs {@code task} in the document's queue once the document is loaded. */
    public <T> Uni<T> withRoom(UUID prdId, Function<Room, Uni<T>> task) {
        return withRoom(prdId, null, task);
    }

    /**
     * Runs {@code task} in the document's queue once the document is loaded. {@code seedToken}: the token of the user
     * on whose behalf it is loaded; a document whose log is empty is then seeded with the PRD's content in prd-service
     * (see {@link ContentSeed}); null loads it as the log says.
     */
    public <T> Uni<T> withRoom(UUID prdId, String seedToken, Function<Room, Uni<T>> task) {
        Room room = rooms.computeIfAbsent(prdId, id -> newRoom(id, seedToken));
        return room.queue.submit(() -> {
            if (room.loadFailure != null) {
                return Uni.createFrom().failure(room.loadFailure);
            }
            if (room.closed) {
                // unloaded between lookup and turn: go to its successor
                return withRoom(prdId, seedToken, task);
            }
            room.lastUsedNanos = System.nanoTime();
            return task.apply(room);
        });
    }

    /** The room if this instance holds it in memory (for fan-out from other instances). */
    Room loaded(UUID prdId) {
        return rooms.get(prdId);
    }

    /**
     * Adds a connection to a document; emits the messages it gets first (sync step 1, current awareness). The user's
     * {@code token} seeds a new document.
     */
    Uni<List<byte[]>> join(UUID prdId, CollabSession session, String token) {
        return withRoom(prdId, token, room -> {
            room.sessions.add(session);
            session.room = room;
            List<byte[]> first = new ArrayList<>(2);
            first.add(YMessages.syncStep1(Updates.encodeStateVector(room.doc)));
            byte[] states = room.awareness.encodeAll();
            if (states != null) {
                first.add(YMessages.awareness(states));
            }
            return Uni.createFrom().item(first);
        });
    }

    /** Removes a connection; its awareness states are nulled for the others. */
    void leave(CollabSession session) {
        Room room = session.room;
        if (room == null) {
            return;
        }
        room.sessions.remove(session);
        room.lastUsedNanos = System.nanoTime();
        byte[] removal = room.awareness.removeConnection(session.id());
        if (removal != null) {
            room.broadcast(YMessages.awareness(removal), null);
            fanOut.publishAwareness(room.prdId, removal);
        }
    }

    /** Answers a peer's sync step 1 with what it lacks. */
    Uni<byte[]> syncStep2(Room room, byte[] stateVector) {
        return room.queue.submit(() -> Uni.createFrom().item(() -> YMessages.syncStep2(
                Updates.encodeStateAsUpdate(room.doc, stateVector))));
    }

    /**
     * Applies a client's update (sync step 2 or update) and makes it durable before anyone else sees it. Updates that
     * arrive while the document's previous write is in flight are applied and stored together (one transaction),
     * then broadcast in order. Fails with {@link MalformedUpdateException} or {@link DocumentTooLargeException}, the
     * document unchanged. The update is queued when this method returns, so calls keep their order.
     */
    CompletableFuture<Void> applyUpdate(CollabSession session, byte[] update) {
        Room room = session.room;
        Room.Pending pending = new Room.Pending(session, update, new CompletableFuture<>(), System.nanoTime());
        boolean schedule;
        synchronized (room.pending) {
            room.pending.add(pending);
            schedule = !room.drainQueued;
            room.drainQueued = true;
        }
        if (schedule) {
            room.queue.submitStage(() -> drain(room)).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.errorf(failure, "Update batch of %s failed", room.prdId);
                }
            });
        }
        return pending.done();
    }

    /** An applied update waiting to be stored. */
    private record Applied(Room.Pending pending, OperationLog.NewUpdate update) {
    }

    /**
     * Applies and stores everything pending for the room, then broadcasts it. Runs in the room's queue. Plain
     * completion stages: this runs for every keystroke.
     */
    private CompletionStage<Void> drain(Room room) {
        List<Room.Pending> batch;
        synchronized (room.pending) {
            batch = new ArrayList<>(room.pending);
            room.pending.clear();
            room.drainQueued = false;
        }
        if (room.closed || room.doc == null) {
            batch.forEach(p -> p.done().completeExceptionally(new IllegalStateException("document unloaded")));
            return CompletableFuture.completedFuture(null);
        }
        long bytes = 0;
        for (Room.Pending p : batch) {
            bytes += p.update().length;
        }
        CompletableFuture<List<Applied>> apply = bytes > config.limits().inlineApplyBytes()
                // keep the event loop free
                ? CompletableFuture.supplyAsync(() -> applyAll(room, batch), Infrastructure.getDefaultWorkerPool())
                : CompletableFuture.supplyAsync(() -> applyAll(room, batch), Runnable::run);
        return apply.exceptionally(failure -> {
            // an unexpected failure after the engine may have changed the copy: drop it, refuse the whole batch
            Throwable cause = cause(failure);
            LOG.errorf(cause, "Applying updates to %s failed; reloading it from the log", room.prdId);
            room.doc = null;
            batch.forEach(p -> p.done().completeExceptionally(cause));
            return List.of();
        }).thenCompose(applied -> {
            if (room.doc == null) {
                // the engine failed half-way: nothing of this batch may stay in memory
                return load(room).subscribeAsCompletionStage();
            }
            if (applied.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            long storing = System.nanoTime();
            return log.appendNow(room.prdId, instance.value(), room.caughtUpTo,
                    applied.stream().map(Applied::update).toList())
                    .thenAccept(stored -> {
                        storeTime.record(System.nanoTime() - storing, TimeUnit.NANOSECONDS);
                        applyForeign(room, stored.foreign());
                        for (int k = 0; k < applied.size(); k++) {
                            Applied a = applied.get(k);
                            stored(room, stored.ids().get(k), a.update().update(), a.update().subject(),
                                    a.pending().session());
                            a.pending().done().complete(null);
                            storeLatency.record(System.nanoTime() - a.pending().receivedNanos(), TimeUnit.NANOSECONDS);
                        }
                    })
                    .exceptionallyCompose(failure -> {
                        Throwable cause = cause(failure);
                        LOG.errorf(cause, "Could not store updates of %s; reloading it from the log", room.prdId);
                        applied.forEach(a -> a.pending().done().completeExceptionally(cause));
                        return load(room).subscribeAsCompletionStage()
                                .thenCompose(loaded -> CompletableFuture.<Void>failedFuture(cause));
                    });
        });
    }

    /** The failure itself, not the {@link CompletionException} that completion stages wrap it in. */
    static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Validates and applies each pending update; refuses single ones, or all of them if the engine fails. */
    private List<Applied> applyAll(Room room, List<Room.Pending> batch) {
        List<Applied> applied = new ArrayList<>(batch.size());
        long max = config.limits().maxDocumentBytes();
        long size = room.sizeBytes;
        for (int k = 0; k < batch.size(); k++) {
            Room.Pending p = batch.get(k);
            if (size + p.update().length > max) {
                p.done().completeExceptionally(new DocumentTooLargeException(size + p.update().length, max));
                continue;
            }
            byte[] diff;
            try {
                Updates.validate(p.update());
                diff = capture(room.doc, doc -> Updates.applyUpdate(doc, p.update(), p.session()));
            } catch (MalformedUpdateException e) {
                p.done().completeExceptionally(e);
                continue;
            } catch (RuntimeException e) {
                LOG.errorf(e, "The engine failed on an update of %s; reloading the document", room.prdId);
                room.doc = null;
                applied.forEach(a -> a.pending().done().completeExceptionally(e));
                batch.subList(k, batch.size()).forEach(rest -> rest.done().completeExceptionally(e));
                return List.of();
            }
            if (diff == null) {
                p.done().complete(null); // nothing new (a duplicate, or waiting for missing parts)
                continue;
            }
            size += diff.length;
            applied.add(new Applied(p, newUpdate(diff, p.session().subject(), Source.WEBSOCKET)));
        }
        return applied;
    }

    private static OperationLog.NewUpdate newUpdate(byte[] diff, String subject, Source source) {
        List<Operation> ops;
        try {
            ops = UpdateDigest.operations(diff);
        } catch (MalformedUpdateException e) {
            LOG.warnf("Engine produced an update the digest cannot read (%s); storing it without run rows",
                    e.getMessage());
            ops = List.of();
        }
        return new OperationLog.NewUpdate(subject, source.column, diff, ops);
    }

    /**
     * Applies updates that other instances stored (read from the log) and shows the clients what was new to this copy;
     * a no-op for what the Kafka fan-out already delivered. Runs in the room's queue.
     */
    private void applyForeign(Room room, List<OperationLog.StoredUpdate> updates) {
        for (OperationLog.StoredUpdate u : updates) {
            byte[] diff = capture(room.doc, doc -> Updates.applyUpdate(doc, u.update(), this));
            if (diff != null) {
                room.sizeBytes += diff.length;
                room.broadcast(YMessages.update(diff), null);
            }
            room.caughtUpTo = Math.max(room.caughtUpTo, u.id());
        }
    }

    /** Bookkeeping once an update is durable: then, and only then, others see it. */
    private void stored(Room room, long id, byte[] diff, String subject, CollabSession origin) {
        room.caughtUpTo = Math.max(room.caughtUpTo, id);
        room.sizeBytes += diff.length;
        room.updatesSinceSnapshot++;
        room.markEdited(subject);
        room.broadcast(YMessages.update(diff), origin);
        fanOut.publishUpdate(room.prdId, diff);
        compactIfDue(room);
    }

    /** Snapshots the room once its log tail reaches its threshold, and draws the next threshold. In its queue. */
    private void compactIfDue(Room room) {
        if (room.updatesSinceSnapshot >= room.compactAt) {
            room.updatesSinceSnapshot = 0;
            room.compactAt = nextCompactAt();
            snapshotInBackground(room);
        }
    }

    /**
     * Compacts from memory: the room's copy holds every update up to {@link Room#caughtUpTo} (and maybe some later
     * ones, which loading re-applies harmlessly), so its encoded state is a snapshot of that prefix. Encoded in the
     * room's queue (after the task that asked for it), written outside it.
     */
    private void snapshotInBackground(Room room) {
        room.queue.submit(() -> Uni.createFrom().item(() -> takeSnapshot(room)))
                .chain(snapshot -> snapshot == null ? Uni.createFrom().voidItem() : save(room.prdId, snapshot))
                .subscribe().with(ignored -> {
                }, failure -> LOG.warnf(failure, "Snapshot of %s failed; the log stays complete", room.prdId));
    }

    private record Snapshot(byte[] state, byte[] stateVector, long upToUpdateId, int updates) {
    }

    private int nextCompactAt() {
        int base = config.documents().compactAfterUpdates();
        // at most the threshold again: a document is never left uncompacted for more than twice its threshold
        int spread = (int) (base * Math.min(1, Math.max(0, config.documents().compactSpread())));
        return spread == 0 ? base : base + ThreadLocalRandom.current().nextInt(spread + 1);
    }

    /** The room's state as a snapshot (in its queue), or null when it has none. */
    private static Snapshot takeSnapshot(Room room) {
        if (room.doc == null || room.caughtUpTo == 0) {
            return null;
        }
        byte[] state = Updates.encodeStateAsUpdate(room.doc);
        room.sizeBytes = state.length;
        return new Snapshot(state, Updates.encodeStateVector(room.doc), room.caughtUpTo,
                room.updatesSinceSnapshot);
    }

    private Uni<Void> save(UUID prdId, Snapshot s) {
        return log.saveSnapshot(prdId, s.state(), s.stateVector(), s.upToUpdateId(), s.updates());
    }

    /**
     * Changes the document as a server-side peer: {@code edit} runs in the document's queue inside one Yjs
     * transaction, so what it reads is what it changes (no other update comes between). It may throw to refuse the
     * edit: the failure reaches the caller and nothing is stored, broadcast or published (an edit refused after it
     * began changing the document reloads the document from the log). Emits the committed update id, or null when
     * nothing changed.
     */
    public Uni<Long> editAsPeer(UUID prdId, String subject, Consumer<YDoc> edit) {
        return editAsPeer(prdId, subject, null, edit);
    }

    /** {@link #editAsPeer(UUID, String, Consumer)}, seeding a new document with the user's {@code token}. */
    public Uni<Long> editAsPeer(UUID prdId, String subject, String token, Consumer<YDoc> edit) {
        return withRoom(prdId, token, room -> change(room, doc -> doc.transact(txn -> edit.accept(doc), Source.PEER),
                subject, Source.PEER, null));
    }

    /** Applies an update that another instance has already stored (no second write). */
    public void applyStored(UUID prdId, byte[] update) {
        Room room = rooms.get(prdId);
        if (room == null) {
            return; // not held here: whoever loads it later reads it from the log
        }
        room.queue.submit(() -> {
            if (room.closed || room.doc == null) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().item(() -> capture(room.doc, doc -> Updates.applyUpdate(doc, update, this)))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .invoke(diff -> {
                        if (diff != null) {
                            room.sizeBytes += diff.length;
                            room.broadcast(YMessages.update(diff), null);
                        }
                    })
                    .replaceWithVoid();
        }).subscribe().with(ignored -> {
        }, failure -> LOG.warnf(failure, "Could not apply a fanned-out update to %s", prdId));
    }

    /**
     * The safety net under the Kafka fan-out: documents with connections read the log after what they have caught up
     * to and apply it (a no-op for what they already have), so a lost fan-out message still reaches the clients.
     */
    @Scheduled(every = "${prdtool.collab.cluster.catch-up-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> catchUp() {
        return catchUp(rooms.values().stream().filter(room -> !room.sessions.isEmpty()).toList())
                .onFailure().invoke(f -> LOG.warnf("Catch-up failed: %s", f.getMessage()))
                .onFailure().recoverWithNull();
    }

    /**
     * One read for all the documents, outside their queues (their keystrokes never wait behind this safety net); what
     * it finds is applied in each document's queue, skipping what arrived meanwhile through an append's catch-up.
     */
    Uni<Void> catchUp(List<Room> candidates) {
        Map<UUID, Long> after = new HashMap<>();
        Map<UUID, Room> byId = new HashMap<>();
        for (Room room : candidates) {
            if (!room.closed && room.doc != null) { // not before a document is loaded
                after.put(room.prdId, room.caughtUpTo);
                byId.put(room.prdId, room);
            }
        }
        if (after.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return log.updatesAfter(after, instance.value(), 1000).chain(found -> {
            List<Uni<Void>> applied = new ArrayList<>();
            found.forEach((prdId, updates) -> applied.add(applyMissing(byId.get(prdId), updates)));
            return applied.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : Uni.join().all(applied).andCollectFailures().replaceWithVoid();
        });
    }

    private Uni<Void> applyMissing(Room room, List<OperationLog.StoredUpdate> updates) {
        return room.queue.submit(() -> {
            if (room.closed || room.doc == null) {
                return Uni.createFrom().voidItem();
            }
            List<OperationLog.StoredUpdate> missing = updates.stream().filter(u -> u.id() > room.caughtUpTo).toList();
            return missing.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom().item(() -> {
                        applyForeign(room, missing);
                        return null;
                    }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).replaceWithVoid();
        });
    }

    /** Relays an awareness update that another instance received. */
    public void relayAwareness(UUID prdId, byte[] awarenessUpdate) {
        Room room = rooms.get(prdId);
        if (room != null) {
            room.awareness.applyRemote(Awareness.decode(awarenessUpdate));
            room.broadcast(YMessages.awareness(awarenessUpdate), null);
        }
    }

    /** The current document, read inside its queue. */
    public <T> Uni<T> read(UUID prdId, Function<YDoc, T> reader) {
        return read(prdId, null, reader);
    }

    /** The current document, read inside its queue; a new document is seeded with the user's {@code token}. */
    public <T> Uni<T> read(UUID prdId, String token, Function<YDoc, T> reader) {
        return withRoom(prdId, token, room -> Uni.createFrom().item(() -> reader.apply(room.doc)));
    }

    private Uni<Long> change(Room room, Consumer<YDoc> mutation, String subject, Source source,
            CollabSession origin) {
        return Uni.createFrom().item(() -> {
            try {
                return capture(room.doc, mutation);
            } catch (ChangedThenFailed e) {
                // refused after it had begun to change the document (nothing of it is stored or sent): never keep
                // that in memory, a later sync step 2 would hand it to the clients
                room.doc = null;
                throw e.refusal;
            } catch (MalformedUpdateException | ProblemException e) {
                throw e; // refused before the document changed
            } catch (RuntimeException e) {
                // the engine may have half-applied it: never keep that in memory
                room.doc = null;
                throw e;
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().call(() -> room.doc == null ? load(room) : Uni.createFrom().voidItem())
                .chain(diff -> diff == null
                        ? Uni.createFrom().nullItem()
                        : persist(room, diff, subject, source, origin));
    }

    private Uni<Long> persist(Room room, byte[] diff, String subject, Source source, CollabSession origin) {
        return log.append(room.prdId, instance.value(), room.caughtUpTo,
                List.of(newUpdate(diff, subject, source)))
                .onFailure().call(failure -> {
                    LOG.errorf(failure, "Could not store an update of %s; reloading it from the log", room.prdId);
                    return load(room);
                })
                .map(stored -> {
                    applyForeign(room, stored.foreign());
                    long id = stored.ids().get(0);
                    stored(room, id, diff, subject, origin);
                    return id;
                });
    }

    /**
     * What {@code mutation} added to the document, or null for nothing. A mutation that throws after it changed the
     * document (a Yjs transaction commits what it did before the exception) throws {@link ChangedThenFailed}.
     */
    private static byte[] capture(YDoc doc, Consumer<YDoc> mutation) {
        List<byte[]> updates = new ArrayList<>(1);
        Runnable off = doc.onUpdate((update, origin, local) -> updates.add(update));
        try {
            mutation.accept(doc);
        } catch (RuntimeException e) {
            if (!updates.isEmpty()) {
                throw new ChangedThenFailed(e);
            }
            throw e;
        } finally {
            off.run();
        }
        if (updates.isEmpty()) {
            return null;
        }
        if (updates.size() == 1) {
            return updates.get(0);
        }
        // several transactions (formatting clean-up): their union is what the document gained
        YDoc merged = new YDoc();
        updates.forEach(u -> Updates.applyUpdate(merged, u));
        return Updates.encodeStateAsUpdate(merged);
    }

    /** A mutation failed after the document had changed: the copy in memory is ahead of what was stored. */
    private static final class ChangedThenFailed extends RuntimeException {

        final RuntimeException refusal;

        ChangedThenFailed(RuntimeException refusal) {
            super(refusal.getMessage(), refusal, false, false);
            this.refusal = refusal;
        }
    }

    private Room newRoom(UUID prdId, String seedToken) {
        Room room = new Room(prdId);
        room.compactAt = nextCompactAt();
        room.queue.submit(() -> load(room, seedToken).invoke(() -> {
            // other instances now publish this document's updates to us; what they stored before they heard it, the
            // log has: read it once they surely have
            fanOut.hold(prdId);
            Uni.createFrom().voidItem().onItem().delayIt().by(config.cluster().joinCatchUpDelay())
                    .chain(() -> catchUp(List.of(room)))
                    .subscribe().with(ignored -> {
                    }, failure -> LOG.warnf("Catch-up of %s after loading failed: %s", prdId, failure.getMessage()));
        }).onFailure().invoke(failure -> {
            LOG.errorf(failure, "Could not load document %s", prdId);
            room.loadFailure = failure;
            room.closed = true;
            rooms.remove(prdId, room);
        }));
        return room;
    }

    /** (Re)loads the document from its latest snapshot and the log after it. Runs in the room's queue. */
    private Uni<Void> load(Room room) {
        return load(room, null);
    }

    /**
     * (Re)loads the document from its latest snapshot and the log after it; with a {@code seedToken}, a log that is
     * empty is first seeded with the PRD's content in prd-service. Runs in the room's queue.
     */
    private Uni<Void> load(Room room, String seedToken) {
        room.doc = null;
        return log.read(room.prdId)
                .chain(stored -> seedToken == null || !config.documents().seedFromPrdService()
                        || stored.snapshot().isPresent() || !stored.tail().isEmpty()
                                ? Uni.createFrom().item(stored)
                                : seed(room.prdId, seedToken, stored))
                .chain(stored -> Uni.createFrom().item(() -> Compactor.rebuild(stored))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .invoke(doc -> {
                            room.doc = doc;
                            room.caughtUpTo = stored.lastUpdateId();
                            room.sizeBytes = Updates.encodeStateAsUpdate(doc).length;
                            room.updatesSinceSnapshot = stored.tail().size();
                            compactIfDue(room);
                        }))
                .chain(() -> !config.contentEvents().enabled() || room.caughtUpTo == 0
                        ? Uni.createFrom().voidItem()
                        : contentEvents.publishedUpTo(room.prdId).invoke(published -> {
                            if (published < room.caughtUpTo && room.dirtySinceMillis == 0) {
                                room.markEdited(null); // edits stored but never published (e.g. a crash)
                            }
                        }).replaceWithVoid());
    }

    /**
     * Seeds an empty document with the PRD's content: the deterministic seed update, stored only if the log is still
     * empty (another instance may have seeded it meanwhile), then the log as it now is. {@code empty}: the log as read
     * before, returned when there is nothing to seed.
     */
    private Uni<OperationLog.Stored> seed(UUID prdId, String token, OperationLog.Stored empty) {
        return seeds.content(prdId, token).chain(content -> content == null
                ? Uni.createFrom().item(empty)
                : Uni.createFrom().item(() -> seedUpdate(content))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .chain(update -> log.appendIfEmpty(prdId, instance.value(), update))
                        .invoke(seeded -> LOG.debugf(seeded
                                ? "Seeded document %s from prd-service's content"
                                : "Document %s was seeded by another instance", prdId))
                        .chain(() -> log.read(prdId)));
    }

    private OperationLog.NewUpdate seedUpdate(String content) {
        return newUpdate(ContentSeed.update(content, config.textName()), null, Source.PEER);
    }

    /**
     * Publishes the content of documents whose edits have settled (or waited long enough), one document after the
     * other and spread over most of the check interval: documents edited together reach their deadline together, and
     * their transactions back to back would hold up every document's updates on the database.
     */
    @Scheduled(every = "${prdtool.collab.content-events.check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> publishSettledContent() {
        if (!config.contentEvents().enabled()) {
            return Uni.createFrom().voidItem();
        }
        long now = System.currentTimeMillis();
        long quiet = config.contentEvents().quietPeriod().toMillis();
        long maxDelay = config.contentEvents().maxDelay().toMillis();
        List<Room> due = new ArrayList<>();
        for (Room room : rooms.values()) {
            long since = room.dirtySinceMillis;
            if (since != 0 && (now - room.lastEditMillis >= quiet || now - since >= maxDelay)) {
                due.add(room);
            }
        }
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // paced: the next document starts a share of the interval after the previous one started (or at once when
        // publishing took longer), so a tick never outlasts its interval by much and every due document is published
        Duration share = config.contentEvents().checkInterval().multipliedBy(3).dividedBy(4L * due.size());
        return Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(room -> {
                    Uni<Void> publish = room.queue
                            .submit(() -> Uni.createFrom().item(() -> takeContentWindow(room)))
                            .chain(window -> window == null
                                    ? Uni.createFrom().voidItem()
                                    : publishContent(room, window))
                            .onFailure().recoverWithNull();
                    return Uni.combine().all().unis(publish,
                            Uni.createFrom().voidItem().onItem().delayIt().by(share)).discardItems();
                })
                .collect().last().replaceWithVoid();
    }

    /** Takes a room's unpublished edits (in its queue): the Markdown now and who edited since the last window. */
    private ContentEvents.Window takeContentWindow(Room room) {
        if (room.dirtySinceMillis == 0 || room.doc == null) {
            return null;
        }
        ContentEvents.Window window = new ContentEvents.Window(room.prdId,
                DocumentText.markdown(room.doc, config.textName()), room.caughtUpTo,
                new HashMap<>(room.editsBySubject), room.lastEditor,
                java.time.Instant.ofEpochMilli(room.dirtySinceMillis), java.time.Instant.now());
        room.dirtySinceMillis = 0;
        room.editsBySubject.clear();
        return window;
    }

    /**
     * Writes a window's events to the outbox outside the room's queue (a transaction of several statements must not
     * hold up the document's updates). On failure its edits go back to the room for the next round.
     */
    private Uni<Void> publishContent(Room room, ContentEvents.Window window) {
        return contentEvents.publish(window).replaceWithVoid().onFailure().call(failure -> {
            LOG.warnf("Publishing the content of %s failed (%s); retrying", room.prdId, failure.getMessage());
            return room.queue.submit(() -> {
                if (room.dirtySinceMillis == 0 || room.dirtySinceMillis > window.from().toEpochMilli()) {
                    room.dirtySinceMillis = window.from().toEpochMilli();
                }
                window.editsBySubject().forEach((subject, n) -> room.editsBySubject.merge(subject, n, Integer::sum));
                return Uni.createFrom().voidItem();
            });
        });
    }

    /** Drops idle documents from memory (compacting what they gained); they reload from the log on next use. */
    @Scheduled(every = "${prdtool.collab.documents.maintenance-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> unloadIdle() {
        long idleNanos = config.documents().unloadAfter().toNanos();
        long now = System.nanoTime();
        List<Uni<Void>> unloads = new ArrayList<>();
        for (Room room : rooms.values()) {
            if (room.sessions.isEmpty() && now - room.lastUsedNanos > idleNanos) {
                unloads.add(unload(room));
            }
        }
        return unloads.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(unloads).andCollectFailures()
                        .replaceWithVoid();
    }

    /** Drops a document from memory now if nobody is connected (also used by tests to force a reload). */
    public Uni<Void> unload(UUID prdId) {
        Room room = rooms.get(prdId);
        return room == null ? Uni.createFrom().voidItem() : unload(room);
    }

    private Uni<Void> unload(Room room) {
        return room.queue.submit(() -> {
            if (!room.sessions.isEmpty() || room.closed) {
                return Uni.createFrom().voidItem();
            }
            room.closed = true;
            rooms.remove(room.prdId, room);
            fanOut.release(room.prdId);
            Snapshot last = room.updatesSinceSnapshot > 0 ? takeSnapshot(room) : null;
            room.doc = null;
            return last == null
                    ? Uni.createFrom().voidItem()
                    : save(room.prdId, last).onFailure().recoverWithUni(f -> Uni.createFrom().voidItem());
        });
    }

    /** Documents held in memory (metrics, tests). */
    public int loadedCount() {
        return rooms.size();
    }
}
