package io.prdtool.shared.tx;

import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.prdtool.shared.outbox.OutboxSignal;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one way a service writes: opens a Hibernate Reactive (Panache) transaction, stores who acts in transaction-local
 * settings ({@code prdtool.actor}, {@code prdtool.client_ip}, {@code prdtool.user_agent}, {@code prdtool.org}) that the
 * audit trigger and {@link io.prdtool.shared.outbox.Outbox} read, then runs {@code work}. Everything {@code work}
 * changes, every row-change event and every {@code Outbox.append} commit or roll back together. After a commit the
 * local outbox relay is woken up.
 * <p>
 * Usage: {@code tx.write(() -> prd.persist().chain(() -> outbox.append(new PrdCreated(...))))}. Called inside an
 * already open transaction it joins it.
 */
@ApplicationScoped
public class Tx {

    private static final String SET_ACTOR = "select set_config('prdtool.actor', :actor, true),"
            + " set_config('prdtool.client_ip', :ip, true),"
            + " set_config('prdtool.user_agent', :ua, true),"
            + " set_config('prdtool.org', :org, true)";

    private static final String SET_ACTOR_POSITIONAL = SET_ACTOR.replace(":actor", "$1").replace(":ip", "$2")
            .replace(":ua", "$3").replace(":org", "$4");

    @Inject
    CurrentActor actors;

    @Inject
    OutboxSignal signal;

    @Inject
    Pool pool;

    /** Runs {@code work} in a transaction on behalf of the current caller (or the service itself). */
    public <T> Uni<T> write(Supplier<Uni<T>> work) {
        return write(null, work);
    }

    /**
     * As {@link #write(Supplier)}, naming the organization the change belongs to; the audit trigger uses it for rows
     * that have no {@code organization_id} column of their own.
     */
    public <T> Uni<T> write(UUID organizationId, Supplier<Uni<T>> work) {
        return actors.current().chain(actor -> writeAs(actor, organizationId, work));
    }

    /** As {@link #write(UUID, Supplier)} with an explicit actor, e.g. the actor of the event a consumer applies. */
    public <T> Uni<T> writeAs(ActorContext actor, UUID organizationId, Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(SET_ACTOR)
                        .setParameter("actor", orEmpty(actor.actor()))
                        .setParameter("ip", orEmpty(actor.clientIp()))
                        .setParameter("ua", orEmpty(actor.userAgent()))
                        .setParameter("org", organizationId == null ? "" : organizationId.toString())
                        .getSingleResult())
                .chain(ignored -> work.get()))
                .invoke(signal::wake);
    }

    /**
     * The same for code that writes with the reactive SQL client instead of Hibernate: {@code work} gets the
     * transaction's connection (pass it to {@link io.prdtool.shared.outbox.Outbox#append(SqlConnection,
     * io.prdtool.shared.events.DomainEvent)}).
     */
    public <T> Uni<T> writeWithConnection(UUID organizationId, Function<SqlConnection, Uni<T>> work) {
        return actors.current().chain(actor -> writeWithConnectionAs(actor, organizationId, work));
    }

    public <T> Uni<T> writeWithConnectionAs(ActorContext actor, UUID organizationId,
            Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(connection -> connection.preparedQuery(SET_ACTOR_POSITIONAL)
                .execute(Tuple.of(orEmpty(actor.actor()), orEmpty(actor.clientIp()), orEmpty(actor.userAgent()),
                        organizationId == null ? "" : organizationId.toString()))
                .chain(ignored -> work.apply(connection)))
                .invoke(signal::wake);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
