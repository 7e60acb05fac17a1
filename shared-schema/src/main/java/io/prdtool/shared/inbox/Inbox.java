package io.prdtool.shared.inbox;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Idempotent consumption: {@code once(eventId, consumer, effect)} records the event id in this service's
 * {@code inbox} table and runs {@code effect} in the same transaction; a redelivered event (same CloudEvents id, i.e.
 * the same outbox id) finds its id already there and the effect is skipped. Concurrent deliveries of one id
 * serialize on the inbox primary key, so the effect runs at most once per {@code consumer} and exactly once once
 * the transaction commits. Use one stable {@code consumer} name per handler.
 * <p>
 * The returned {@code Uni} emits {@code true} if the effect ran, {@code false} for a duplicate. A failure rolls back
 * both the effect and the inbox row, so the event can be retried.
 */
@ApplicationScoped
public class Inbox {

    static final String CLAIM = "INSERT INTO inbox (consumer, event_id) VALUES (%s, cast(%s as uuid))"
            + " ON CONFLICT DO NOTHING";

    @Inject
    Pool pool;

    /** For Hibernate Reactive (Panache) handlers: {@code effect} runs in the same Panache transaction. */
    public Uni<Boolean> once(UUID eventId, String consumer, Supplier<Uni<?>> effect) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM.formatted(":consumer", ":id"))
                        .setParameter("consumer", consumer)
                        .setParameter("id", eventId.toString())
                        .executeUpdate())
                .chain(claimed -> claimed == 0
                        ? Uni.createFrom().item(false)
                        : effect.get().replaceWith(true)));
    }

    /**
     * As {@link #once(UUID, String, Supplier)}, waiting out failures that say nothing about the event
     * ({@link TransientFailures}): the same event is applied again with backoff instead of going to the dead-letter
     * topic, where it would be lost for this service.
     */
    public Uni<Boolean> onceWaitingOutOutages(UUID eventId, String consumer, Supplier<Uni<?>> effect) {
        return waitingOutOutages(() -> once(eventId, consumer, effect));
    }

    /** For handlers that write with the reactive SQL client: {@code effect} gets the transaction's connection. */
    public Uni<Boolean> onceWithConnection(UUID eventId, String consumer,
            Function<SqlConnection, Uni<?>> effect) {
        return pool.withTransaction(connection -> once(connection, eventId, consumer, effect));
    }

    /**
     * As {@link #onceWithConnection}, waiting out failures that say nothing about the event
     * ({@link TransientFailures}: the database unreachable, restarting or shutting down, a lock or serialization
     * conflict): the same event is applied again with backoff, never handed to the dead-letter topic for them, so a
     * consumer loses nothing to an outage; an event still unapplied at shutdown is delivered again after the restart.
     */
    public Uni<Boolean> onceWithConnectionWaitingOutOutages(UUID eventId, String consumer,
            Function<SqlConnection, Uni<?>> effect) {
        return waitingOutOutages(() -> onceWithConnection(eventId, consumer, effect));
    }

    private static Uni<Boolean> waitingOutOutages(Supplier<Uni<Boolean>> attempt) {
        return Uni.createFrom().deferred(attempt::get).onFailure(TransientFailures::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely();
    }

    /** As {@link #onceWithConnection} inside a transaction the caller already opened on {@code connection}. */
    public Uni<Boolean> once(SqlConnection connection, UUID eventId, String consumer,
            Function<SqlConnection, Uni<?>> effect) {
        return connection.preparedQuery(CLAIM.formatted("$1", "$2"))
                .execute(Tuple.of(consumer, eventId.toString()))
                .chain(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().item(false)
                        : effect.apply(connection).replaceWith(true));
    }
}
