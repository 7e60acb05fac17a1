package io.prdtool.collab.sync;

import java.lang.reflect.Method;

import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;

/**
 * Finds the Vert.x socket behind a websockets-next connection ({@code WebSocketConnectionBase.webSocket()}), which has
 * no public flow control: {@link CollabSession} pauses reading it to push back on a flooding client (a paused Vert.x
 * socket stops reading from TCP once its small inbound buffer is full, and the client's own send buffer holds the
 * rest) and writes relayed messages to it without a reactive stage per message. When the socket cannot be reached
 * (another websockets-next version) this answers null; the session then relies on its own bounded buffer and sends
 * through websockets-next's API.
 */
@RegisterForReflection(classNames = {"io.quarkus.websockets.next.runtime.WebSocketConnectionBase",
        "io.quarkus.websockets.next.runtime.WebSocketConnectionImpl"}, methods = true, fields = false)
final class SocketFlow {

    private static final Logger LOG = Logger.getLogger(SocketFlow.class);
    private static volatile Method webSocket;
    private static volatile boolean unavailable;

    private SocketFlow() {
    }

    /** Whether reaching the socket failed (reads are then never paused); a test keeps this false across upgrades. */
    static boolean unavailable() {
        return unavailable;
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
            LOG.warnf("Cannot reach the Vert.x socket (%s): throttled clients are buffered up to max-held-bytes, relays"
                    + " go through websockets-next", e);
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
