package io.prdtool.collab.sync;

import java.lang.reflect.Method;

import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;

/**
 * Pauses and resumes reading a connection's socket, and gives {@link CollabSession} the socket to write relayed
 * messages to without a reactive stage per message. websockets-next has no public flow control, so this reaches the
 * Vert.x socket behind the connection ({@code WebSocketConnectionBase.webSocket()}); a paused Vert.x socket stops
 * reading from TCP once its small inbound buffer is full, and the client's own send buffer holds the rest. When the
 * socket cannot be reached (another websockets-next version), pausing reports false and the caller relies on its own
 * bounded buffer.
 */
@RegisterForReflection(classNames = {"io.quarkus.websockets.next.runtime.WebSocketConnectionBase",
        "io.quarkus.websockets.next.runtime.WebSocketConnectionImpl"}, methods = true, fields = false)
final class SocketFlow {

    private static final Logger LOG = Logger.getLogger(SocketFlow.class);
    private static volatile Method webSocket;
    private static volatile boolean unavailable;

    private SocketFlow() {
    }

    /** Whether pausing has failed (reads are then never paused); a test keeps this false across upgrades. */
    static boolean unavailable() {
        return unavailable;
    }

    static boolean pause(WebSocketConnection connection) {
        WebSocketBase socket = socket(connection);
        if (socket == null) {
            return false;
        }
        socket.pause();
        return true;
    }

    static void resume(WebSocketConnection connection) {
        WebSocketBase socket = socket(connection);
        if (socket != null) {
            socket.resume();
        }
    }

    /** The Vert.x socket behind the connection, or null when it cannot be reached. */
    static WebSocketBase socket(WebSocketConnection connection) {
        if (unavailable) {
            return null;
        }
        try {
            Method m = webSocket;
            if (m == null) {
                m = find(connection.getClass());
                m.setAccessible(true);
                webSocket = m;
            }
            return (WebSocketBase) m.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.warnf("Cannot pause WebSocket reads (%s); throttled clients are buffered up to max-held-bytes", e);
            return null;
        }
    }

    private static Method find(Class<?> type) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod("webSocket");
            } catch (NoSuchMethodException ignored) {
                // up the hierarchy
            }
        }
        throw new NoSuchMethodException("webSocket()");
    }
}
