package io.prdtool.notification.stream;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

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

    @ConfigProperty(name = "prdtool.db.host")
    String host;

    @ConfigProperty(name = "prdtool.db.port")
    int port;

    @ConfigProperty(name = "prdtool.db.name")
    String database;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private PgSubscriber subscriber;

    /** Sends the signal within the caller's transaction (delivered only if it commits). */
    public Uni<Void> signal(SqlClient c, UUID recipientId, long seq) {
        return c.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, recipientId + ":" + seq))
                .replaceWithVoid();
    }

    void start(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, new PgConnectOptions().setHost(host).setPort(port)
                .setDatabase(database).setUser(user).setPassword(password));
        subscriber.reconnectPolicy(attempt -> Math.min(5_000L, 200L * (attempt + 1)));
        subscriber.channel(CHANNEL)
                .subscribeHandler(v -> hub.wakeAll()) // (re)connected: whatever was missed is read now
                .handler(payload -> {
                    int colon = payload.indexOf(':');
                    try {
                        hub.wake(UUID.fromString(colon < 0 ? payload : payload.substring(0, colon)));
                    } catch (IllegalArgumentException e) {
                        LOG.debugf("Ignoring push signal %s", payload);
                    }
                });
        connect();
    }

    private void connect() {
        subscriber.connect().onFailure(f -> {
            LOG.warnf("Push signals not connected yet: %s (retrying)", f.getMessage());
            if (!subscriber.closed()) {
                vertx.setTimer(2_000, id -> connect());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
