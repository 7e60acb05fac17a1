package io.prdtool.collab.sync;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.prdtool.collab.access.Grant;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;

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
    /** Forgets the session on the server at once (set by the endpoint; the socket's close may take long). */
    volatile Runnable forget = () -> {
    };

    CollabSession(WebSocketConnection connection, Grant grant, String name, Instant expiresAt, TokenBucket updates,
            long maxQueuedBytes) {
        this.connection = connection;
        this.prdId = grant.prdId();
        this.grant = grant;
        this.name = name;
        this.expiresAt = expiresAt;
        this.updates = updates;
        this.maxQueuedBytes = maxQueuedBytes;
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
        connection.sendBinary(Buffer.buffer(message)).subscribe().with(ignored -> queuedBytes.addAndGet(-length),
                failure -> {
                    queuedBytes.addAndGet(-length);
                    LOG.debugf("Send to %s failed: %s", id(), failure.getMessage());
                });
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
