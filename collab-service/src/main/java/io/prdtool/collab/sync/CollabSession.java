package io.prdtool.collab.sync;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.prdtool.collab.access.Grant;
import io.prdtool.collab.crdt.Updates;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;

/** One authorized WebSocket connection to one document. */
public final class CollabSession {

    private static final Logger LOG = Logger.getLogger(CollabSession.class);

    final WebSocketConnection connection;
    final UUID prdId;
    final String name;
    final Instant expiresAt;
    final TokenBucket updates;
    volatile Grant grant;
    volatile Room room;
    volatile boolean closing;
    volatile long lastEditNanos;
    /** The Yjs client id this connection announced first in awareness (its own); -1 until then. */
    volatile long ownClientId = -1;
    long expiryTimer = -1;
    long recheckTimer = -1;
    /** Bytes handed to the connection and not yet written to its socket. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxQueuedBytes;
    private final long catchUpAfterBytes;
    /**
     * Set while the client lags (more than {@code catch-up-after-bytes} unwritten): the document's state vector when
     * it started lagging, i.e. what it has been sent. Read and written in the room's queue, or under {@code this}.
     */
    private byte[] lagSince;
    private boolean catchUpQueued;
    private boolean lagQueued;
    /** Messages received while the connection is throttled, in arrival order (on the connection's event loop). */
    final ArrayDeque<byte[]> held = new ArrayDeque<>();
    long heldBytes;
    long holdTimer = -1;
    private boolean readingPaused;
    /** The Vert.x socket behind the connection (to write and to pause reading); null when it cannot be reached. */
    private final WebSocketBase socket;
    /** Forgets the session on the server at once (set by the endpoint; the socket's close may take long). */
    volatile Runnable forget = () -> {
    };

    CollabSession(WebSocketConnection connection, Grant grant, String name, Instant expiresAt, TokenBucket updates,
            long maxQueuedBytes, long catchUpAfterBytes) {
        this.connection = connection;
        this.prdId = grant.prdId();
        this.grant = grant;
        this.name = name;
        this.expiresAt = expiresAt;
        this.updates = updates;
        this.maxQueuedBytes = maxQueuedBytes;
        this.catchUpAfterBytes = catchUpAfterBytes;
        this.socket = SocketFlow.socket(connection);
    }

    public String id() {
        return connection.id();
    }

    public UUID prdId() {
        return prdId;
    }

    public String subject() {
        return grant.subject();
    }

    public String name() {
        return name;
    }

    public Grant grant() {
        return grant;
    }

    public boolean canEdit() {
        return grant.canEdit();
    }

    /** Whether the user sent a document update within {@code windowNanos}. */
    public boolean editedWithin(long windowNanos) {
        return lastEditNanos != 0 && System.nanoTime() - lastEditNanos < windowNanos;
    }

    /** Sends what the client asked for or must have (sync replies, catch-ups): never skipped while lagging. */
    void send(byte[] message) {
        if (closing || connection.isClosed()) {
            return;
        }
        int length = message.length;
        if (queuedBytes.addAndGet(length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-length);
            LOG.infof("Closing %s: %d bytes wait for a client that does not read", id(), queuedBytes.get());
            close(CloseCodes.SLOW_CONSUMER);
            // the close frame waits behind what the client does not read: do not wait for it to leave the room
            forget.run();
            return;
        }
        if (socket != null) {
            // straight to the Vert.x socket: websockets-next's sendBinary wraps every write in a Uni and captures the
            // request context around it, which cost more CPU than the write itself (a keystroke is relayed to every
            // other client of the document)
            socket.writeBinaryMessage(Buffer.buffer(message)).onComplete(done -> {
                written(length);
                if (done.failed()) {
                    LOG.debugf("Send to %s failed: %s", id(), done.cause().getMessage());
                }
            });
            return;
        }
        connection.sendBinary(Buffer.buffer(message)).subscribe().with(ignored -> written(length),
                failure -> {
                    written(length);
                    LOG.debugf("Send to %s failed: %s", id(), failure.getMessage());
                });
    }

    /**
     * Sends a document update or awareness relayed from others; skipped while the client lags, and the first that
     * makes it lag records what it has (in the room's queue for updates, so the state vector matches what was sent).
     */
    void relay(byte[] message, Room room) {
        boolean awareness = message.length > 0 && message[0] == YMessages.AWARENESS;
        boolean skip;
        boolean startLagging;
        synchronized (this) {
            // updates only once the state vector is recorded (it must cover every update sent); awareness as soon as
            // the client is behind, since the catch-up carries the current awareness anyway
            skip = lagSince != null || (awareness && (lagQueued || queuedBytes.get() > catchUpAfterBytes));
            startLagging = skip && lagSince == null;
        }
        if (skip) {
            if (startLagging) {
                markLagging(room);
            }
            return;
        }
        send(message);
        if (queuedBytes.get() > catchUpAfterBytes && !closing) {
            markLagging(room);
        }
    }

    private void written(int length) {
        if (queuedBytes.addAndGet(-length) == 0) {
            catchUpIfLagging();
        }
    }

    /**
     * Starts lagging: a task in the room's queue records the document's state vector, which then covers every update
     * relayed to the client so far (apply, store and relay happen in one queue task); later ones are held back.
     */
    private void markLagging(Room room) {
        if (closing) {
            return;
        }
        synchronized (this) {
            if (lagSince != null || lagQueued) {
                return;
            }
            lagQueued = true;
        }
        room.queue.submitStage(() -> {
            byte[] sv = room.doc == null ? null : Updates.encodeStateVector(room.doc);
            synchronized (this) {
                lagQueued = false;
                lagSince = sv;
            }
            LOG.debugf("%s lags behind: updates are held back until its socket drains", id());
            if (queuedBytes.get() == 0) {
                catchUpIfLagging(); // drained in the meantime
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Once the socket drained: one update with everything missed since lagging started, and current awareness. */
    private void catchUpIfLagging() {
        Room r = room;
        synchronized (this) {
            if (lagSince == null || catchUpQueued || r == null || closing) {
                return;
            }
            catchUpQueued = true;
        }
        r.queue.submitStage(() -> {
            byte[] since;
            synchronized (this) {
                since = lagSince;
                lagSince = null;
                catchUpQueued = false;
            }
            if (r.doc != null && since != null) {
                send(YMessages.update(Updates.encodeStateAsUpdate(r.doc, since)));
                byte[] all = r.awareness.encodeAll();
                if (all != null) {
                    send(YMessages.awareness(all));
                }
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Stops reading the socket (TCP back-pressure on a flooding client: a paused Vert.x socket stops reading once its
     * small inbound buffer is full); without the socket the caller relies on its own bounded buffer.
     */
    void pauseReading() {
        if (!readingPaused && socket != null) {
            socket.pause();
            readingPaused = true;
        }
    }

    void resumeReading() {
        if (readingPaused) {
            readingPaused = false;
            socket.resume();
        }
    }

    void close(CloseReason reason) {
        if (closing) {
            return;
        }
        closing = true;
        connection.close(reason).subscribe().with(ignored -> {
        }, failure -> LOG.debugf("Close of %s failed: %s", id(), failure.getMessage()));
    }
}
