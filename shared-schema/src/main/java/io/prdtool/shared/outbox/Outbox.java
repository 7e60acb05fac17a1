package io.prdtool.shared.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.shared.events.DomainEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Transactional outbox: {@link #append(DomainEvent)} inserts the event into this service's {@code outbox} table with
 * the session of the current Hibernate Reactive transaction (open it with {@link io.prdtool.shared.tx.Tx#write}), so
 * the event is stored if and only if the change commits. The relay ({@link OutboxRelay}) publishes it afterwards as a
 * CloudEvent whose id is the outbox row id. The actor, client IP and user agent are taken from the transaction
 * settings {@code Tx} wrote. Calling {@code append} outside a transaction fails instead of publishing anything.
 */
@ApplicationScoped
public class Outbox {

    static final String INSERT = "INSERT INTO outbox (topic, event_type, schema_version, aggregate_type, aggregate_id,"
            + " organization_id, payload, actor, client_ip, user_agent) VALUES (%s, %s, %s, %s, cast(%s as uuid),"
            + " cast(nullif(%s, '') as uuid), cast(cast(%s as text) as jsonb),"
            + " nullif(current_setting('prdtool.actor', true), ''),"
            + " nullif(current_setting('prdtool.client_ip', true), ''),"
            + " nullif(current_setting('prdtool.user_agent', true), ''))";

    private static final String INSERT_NAMED = INSERT.formatted(":topic", ":type", ":version", ":aggregateType",
            ":aggregateId", ":org", ":payload");
    private static final String INSERT_POSITIONAL = INSERT.formatted("$1", "$2", "$3", "$4", "$5", "$6", "$7");

    /** Default bound of an event's JSON; the broker refuses records over 1 MB by default. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 900 * 1024;

    @Inject
    ObjectMapper mapper;

    @Inject
    OutboxConfig config;

    /** Appends {@code event} within the current Panache transaction. */
    public Uni<Void> append(DomainEvent event) {
        String payload = toJson(event);
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.append must run inside a transaction (Tx.write)"))
                .chain(ignored -> Panache.getSession())
                .chain(session -> session.createNativeQuery(INSERT_NAMED)
                        .setParameter("topic", event.topic())
                        .setParameter("type", event.eventType())
                        .setParameter("version", event.schemaVersion())
                        .setParameter("aggregateType", event.aggregateType())
                        .setParameter("aggregateId", event.aggregateId().toString())
                        .setParameter("org", event.organizationId() == null ? "" : event.organizationId().toString())
                        .setParameter("payload", payload)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Appends {@code event} on a Vert.x SQL connection whose transaction the caller owns (for code that writes with
     * the reactive SQL client instead of Hibernate).
     */
    public Uni<Void> append(SqlConnection connection, DomainEvent event) {
        return connection.preparedQuery(INSERT_POSITIONAL).execute(row(event)).replaceWithVoid();
    }

    /**
     * Appends {@code events}, in order, on a Vert.x SQL connection whose transaction the caller owns: one pipelined
     * batch (one round trip), however many events.
     */
    public Uni<Void> append(SqlConnection connection, List<? extends DomainEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(events.size());
        for (DomainEvent event : events) {
            rows.add(row(event)); // every event is serialized (and checked) before anything is sent
        }
        return connection.preparedQuery(INSERT_POSITIONAL).executeBatch(rows).replaceWithVoid();
    }

    private Tuple row(DomainEvent event) {
        return Tuple.from(new Object[]{event.topic(), event.eventType(), event.schemaVersion(),
                event.aggregateType(), event.aggregateId().toString(),
                event.organizationId() == null ? "" : event.organizationId().toString(), toJson(event)});
    }

    private String toJson(DomainEvent event) {
        if (event.aggregateId() == null) {
            throw new IllegalArgumentException(event.eventType() + " has no aggregate id");
        }
        String json;
        try {
            json = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialize " + event.eventType(), e);
        }
        // refused here, the write fails with a clear reason; accepted, it would stop the relay at the broker
        if (json.getBytes(StandardCharsets.UTF_8).length > config.maxPayloadBytes()) {
            throw new IllegalArgumentException(event.eventType() + " is larger than "
                    + config.maxPayloadBytes() + " bytes; publish a reference to large content, not the content");
        }
        return json;
    }
}
