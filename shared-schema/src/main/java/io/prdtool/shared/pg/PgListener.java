package io.prdtool.shared.pg;

import java.util.function.Consumer;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * LISTEN on one PostgreSQL channel over a dedicated connection (notifications need a session, not a pooled
 * connection) that reconnects by itself: first attempts every 2 s until the database answers, then PgSubscriber's
 * own policy. {@code onSubscribed} runs after every (re)subscription, so a listener can catch up on what it may have
 * missed while the connection was down; {@code onPayload} gets each notification's payload. Senders use
 * {@code SELECT pg_notify(channel, payload)} inside their transaction: PostgreSQL delivers it only on commit.
 */
public final class PgListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PgListener.class);

    private final Vertx vertx;
    private final String channel;
    private final PgSubscriber subscriber;

    private PgListener(Vertx vertx, String channel, Runnable onSubscribed, Consumer<String> onPayload) {
        this.vertx = vertx;
        this.channel = channel;
        Config config = ConfigProvider.getConfig();
        this.subscriber = PgSubscriber.subscriber(vertx, new PgConnectOptions()
                .setHost(config.getValue("prdtool.db.host", String.class))
                .setPort(config.getValue("prdtool.db.port", Integer.class))
                .setDatabase(config.getValue("prdtool.db.name", String.class))
                .setUser(config.getValue("quarkus.datasource.username", String.class))
                .setPassword(config.getValue("quarkus.datasource.password", String.class)));
        subscriber.reconnectPolicy(attempt -> Math.min(5_000L, 200L * (attempt + 1)));
        subscriber.channel(channel).subscribeHandler(v -> onSubscribed.run()).handler(onPayload::accept);
    }

    /** Starts listening on {@code channel} with the service's database settings. */
    public static PgListener start(Vertx vertx, String channel, Runnable onSubscribed, Consumer<String> onPayload) {
        PgListener listener = new PgListener(vertx, channel, onSubscribed, onPayload);
        listener.connect();
        return listener;
    }

    private void connect() {
        subscriber.connect().onFailure(f -> {
            LOG.warnf("Listening on %s not connected yet: %s (retrying)", channel, f.getMessage());
            if (!subscriber.closed()) {
                vertx.setTimer(2_000, id -> connect());
            }
        });
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
