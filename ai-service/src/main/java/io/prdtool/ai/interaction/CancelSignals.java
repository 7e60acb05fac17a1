package io.prdtool.ai.interaction;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Cancel requests across instances: the cancel endpoint marks the interaction and sends a PostgreSQL notification on
 * {@value #CHANNEL}; every instance listens and stops the call if it runs it. A notification missed while the
 * listening connection was re-established is caught by a check of this instance's running calls every few seconds.
 */
@ApplicationScoped
public class CancelSignals {

    private static final Logger LOG = Logger.getLogger(CancelSignals.class);
    static final String CHANNEL = "ai_interaction_cancel";

    @Inject
    Vertx vertx;

    @Inject
    RunningInteractions running;

    @Inject
    InteractionRepository interactions;

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

    void start(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, new PgConnectOptions().setHost(host).setPort(port)
                .setDatabase(database).setUser(user).setPassword(password));
        subscriber.reconnectPolicy(attempt -> Math.min(5_000L, 200L * (attempt + 1)));
        subscriber.channel(CHANNEL).handler(payload -> {
            try {
                running.cancel(UUID.fromString(payload), "cancelled");
            } catch (IllegalArgumentException e) {
                LOG.debugf("Ignoring cancel notification %s", payload);
            }
        });
        connect();
    }

    private void connect() {
        subscriber.connect().onFailure(f -> {
            LOG.warnf("Cancel notifications not connected yet: %s (retrying)", f.getMessage());
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

    /** The safety net under the notifications. */
    @Scheduled(every = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        List<UUID> ids = running.ids();
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return interactions.cancelRequested(ids)
                .invoke(requested -> requested.forEach(id -> running.cancel(id, "cancelled")))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
