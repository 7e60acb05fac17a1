package io.prdtool.collab.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.prdtool.collab.crdt.YDoc;

/**
 * One document in memory and the connections editing it. Everything that touches {@link #doc} and the counters runs
 * in {@link #queue}, one task at a time.
 */
public final class Room {

    final UUID prdId;
    final SerialQueue queue = new SerialQueue();
    final Awareness awareness = new Awareness();
    final Set<CollabSession> sessions = ConcurrentHashMap.newKeySet();

    /** A client update waiting for the queue; {@code done} completes once it is stored (or refused). */
    record Pending(CollabSession session, byte[] update, CompletableFuture<Void> done,
            long receivedNanos) {
    }

    /** Updates received and not yet taken by a drain task (guarded by itself). */
    final List<Pending> pending = new ArrayList<>();
    /** Whether a drain task is queued (guarded by {@link #pending}). */
    boolean drainQueued;

    // confined to the queue; doc and caughtUpTo are also read outside it, by the catch-up (whether and where to read)
    volatile YDoc doc;
    /**
     * Every update of the log up to this id is in {@link #doc} (own and other instances' alike); also the revision of
     * the content published from it.
     */
    volatile long caughtUpTo;
    long sizeBytes;
    int updatesSinceSnapshot;
    /** {@link #updatesSinceSnapshot} at which the next snapshot is taken (drawn per document, see compact-spread). */
    int compactAt;
    boolean closed;
    /** Edits not yet published as content events: when the first and the last happened, and who made them. */
    long dirtySinceMillis;
    long lastEditMillis;
    String lastEditor;
    final Map<String, Integer> editsBySubject = new HashMap<>();
    Throwable loadFailure;

    volatile long lastUsedNanos = System.nanoTime();

    Room(UUID prdId) {
        this.prdId = prdId;
    }

    public UUID prdId() {
        return prdId;
    }

    void markEdited(String subject) {
        long now = System.currentTimeMillis();
        if (dirtySinceMillis == 0) {
            dirtySinceMillis = now;
        }
        lastEditMillis = now;
        if (subject != null) {
            lastEditor = subject;
            editsBySubject.merge(subject, 1, Integer::sum);
        }
    }

    /** Relays an update or awareness to the connections (a lagging one gets a catch-up later instead). */
    void broadcast(byte[] message, CollabSession except) {
        for (CollabSession s : sessions) {
            if (s != except) {
                s.relay(message, this);
            }
        }
    }
}
