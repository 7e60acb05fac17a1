package io.prdtool.notification.stream;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.shared.pg.PgListener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Live push across instances: the transaction that creates a notification sends {@code NOTIFY} on {@value #CHANNEL}
 * with {@code <recipient>:<seq>} (ids only; PostgreSQL delivers it on commit); every instance LISTENs on a dedicated
 * connection that reconnects by itself and wakes its local streams of that recipient, which read what is new. A
 * signal missed while the connection was down is covered by waking every local stream after a reconnect (and by the
 * Last-Event-ID catch-up of a reconnecting client).
 */
@ApplicationScoped
public class PushSignals {

    private static final Logger LOG = Logger.getLogger(PushSignals.class);
    static final String CHANNEL = "prdtool_notifications";

    @Inject
    Vertx vertx;

    @Inject
    StreamHub hub;

    private PgListener listener;

    /** Sends the signal within the caller's transaction (delivered only if it commits). */
    public Uni<Void> signal(SqlClient c, UUID recipientId, long seq) {
        return c.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, recipientId + ":" + seq))
                .replaceWithVoid();
    }

    void start(@Observes StartupEvent event) {
        // (re)subscribed: whatever was missed while the connection was down is read now
        listener = PgListener.start(vertx, CHANNEL, hub::wakeAll, payload -> {
            int colon = payload.indexOf(':');
            try {
                hub.wake(UUID.fromString(colon < 0 ? payload : payload.substring(0, colon)));
            } catch (IllegalArgumentException e) {
                LOG.debugf("Ignoring push signal %s", payload);
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close();
        }
    }
}
