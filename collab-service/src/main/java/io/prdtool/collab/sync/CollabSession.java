package io.prdtool.collab.sync;

import java.time.Instant;
import java.util.UUID;

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

    CollabSession(WebSocketConnection connection, Grant grant, String name, Instant expiresAt, TokenBucket updates) {
        this.connection = connection;
        this.prdId = grant.prdId();
        this.grant = grant;
        this.name = name;
        this.expiresAt = expiresAt;
        this.updates = updates;
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
        connection.sendBinary(Buffer.buffer(message)).subscribe().with(ignored -> {
        }, failure -> LOG.debugf("Send to %s failed: %s", id(), failure.getMessage()));
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
