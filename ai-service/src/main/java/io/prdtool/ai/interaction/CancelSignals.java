package io.prdtool.ai.interaction;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.shared.pg.PgListener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

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

    private PgListener listener;

    void start(@Observes StartupEvent event) {
        listener = PgListener.start(vertx, CHANNEL, () -> {
        }, payload -> {
            try {
                running.cancel(UUID.fromString(payload), "cancelled");
            } catch (IllegalArgumentException e) {
                LOG.debugf("Ignoring cancel notification %s", payload);
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close();
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
