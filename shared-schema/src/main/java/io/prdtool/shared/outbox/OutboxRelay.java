package io.prdtool.shared.outbox;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.Topics;
import io.prdtool.shared.events.audit.RequestContextCaptured;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes committed outbox rows to Kafka. One {@link #publishBatch()} is one database transaction: claim up to
 * {@code batchSize} unsent rows, send them (idempotent producer, {@code acks=all}), wait for every acknowledgement,
 * mark them sent, commit. A failure anywhere rolls the claim back, so nothing is marked sent that the broker has not
 * acknowledged; a crash after the send and before the commit publishes the batch again (consumers deduplicate on the
 * CloudEvents id, see {@link io.prdtool.shared.inbox.Inbox}).
 * <p>
 * Order per aggregate with several relays (instances): a relay first takes transaction-level advisory locks on the
 * aggregates it will publish (others skip those aggregates), then claims their unsent rows in {@code seq} order with a
 * fresh snapshot, so at most one relay at a time publishes a given aggregate and always from its oldest unsent event,
 * even after another relay rolled back. Writers change the aggregate's row before appending its event, so row locks
 * make {@code seq} follow commit order for one aggregate.
 */
public class OutboxRelay {

    /** Fault injection for tests: runs after the broker acknowledged a batch, before it is marked sent. */
    @FunctionalInterface
    public interface AfterSend {

        void afterSend(List<UUID> ids);
    }

    // Step 1: lock the aggregates of the oldest unsent events (a bounded window, whatever the backlog) that no other
    // relay holds. The lock is
    // transaction-scoped; hashtext(current_schema()) keeps each service's lock space apart in a shared database.
    static final String LOCK_AGGREGATES = "SELECT aggregate_id FROM (SELECT aggregate_id, min(seq) AS first_seq"
            + " FROM (SELECT aggregate_id, seq FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $2) oldest_rows"
            + " GROUP BY aggregate_id ORDER BY first_seq LIMIT $1) oldest"
            + " WHERE pg_try_advisory_xact_lock(hashtext(current_schema()), hashtext(aggregate_id::text))";
    // Step 2, a new statement and so a snapshot taken after the locks: it sees everything the previous holder of an
    // aggregate committed (or left unsent by rolling back), so each aggregate's claim starts at its oldest unsent row.
    static final String CLAIM = "SELECT id, topic, event_type, schema_version, aggregate_type, aggregate_id,"
            + " organization_id, payload::text AS payload, actor, client_ip, user_agent, occurred_at"
            + " FROM outbox WHERE sent_at IS NULL AND aggregate_id = ANY($1) ORDER BY seq LIMIT $2 FOR UPDATE";
    static final String MARK_SENT = "UPDATE outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL"
            + " WHERE id = ANY($1)";
    static final String MARK_FAILED = "UPDATE outbox SET attempts = attempts + 1, last_error = left($2, 1000)"
            + " WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1)";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool pool;
    private final Producer<String, byte[]> producer;
    private final Executor sendExecutor;
    private final String source;
    private final int batchSize;
    private final AfterSend afterSend;
    private final int maxPayloadBytes;

    public OutboxRelay(Pool pool, Producer<String, byte[]> producer, Executor sendExecutor, String serviceName,
            int batchSize, AfterSend afterSend) {
        this(pool, producer, sendExecutor, serviceName, batchSize, afterSend, Outbox.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    public OutboxRelay(Pool pool, Producer<String, byte[]> producer, Executor sendExecutor, String serviceName,
            int batchSize, AfterSend afterSend, int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.pool = pool;
        this.producer = producer;
        this.sendExecutor = sendExecutor;
        this.source = "/prdtool/" + serviceName;
        this.batchSize = batchSize;
        this.afterSend = afterSend == null ? ids -> {
        } : afterSend;
    }

    /** Publishes one batch; emits how many events were published (0 when there was nothing to do). */
    public Uni<Integer> publishBatch() {
        return pool.withTransaction(connection -> connection.preparedQuery(LOCK_AGGREGATES)
                .execute(Tuple.of(batchSize, batchSize * 4))
                .chain(locked -> {
                    List<UUID> aggregates = new ArrayList<>();
                    locked.forEach(r -> aggregates.add(r.getUUID(0)));
                    if (aggregates.isEmpty()) {
                        return Uni.createFrom().item(List.<Row>of());
                    }
                    return connection.preparedQuery(CLAIM)
                            .execute(Tuple.of(aggregates.toArray(new UUID[0]), batchSize))
                            .map(rows -> {
                                List<Row> claimed = new ArrayList<>();
                                rows.forEach(claimed::add);
                                return claimed;
                            });
                })
                .chain(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return send(claimed).chain(ids -> markSent(connection, ids)).replaceWith(claimed.size());
                }));
    }

    private Uni<List<UUID>> send(List<Row> claimed) {
        // KafkaProducer.send may block on metadata while the broker is away: never on the event loop
        return Uni.createFrom().item(claimed).emitOn(sendExecutor).chain(rows -> {
            List<UUID> ids = new ArrayList<>(rows.size());
            CompletableFuture<?>[] acks = new CompletableFuture<?>[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                ids.add(row.getUUID("id"));
                CompletableFuture<Void> ack = new CompletableFuture<>();
                acks[i] = ack;
                send(toRecord(row), ack);
                ProducerRecord<String, byte[]> context = requestContextRecord(row);
                if (context != null) {
                    CompletableFuture<Void> contextAck = new CompletableFuture<>();
                    send(context, contextAck);
                    acks[i] = CompletableFuture.allOf(ack, contextAck);
                }
            }
            return Uni.createFrom().completionStage(CompletableFuture.allOf(acks))
                    .emitOn(sendExecutor)
                    .invoke(() -> afterSend.afterSend(ids))
                    .replaceWith(ids);
        });
    }

    private void send(ProducerRecord<String, byte[]> record, CompletableFuture<Void> ack) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
    }

    private Uni<Void> markSent(SqlConnection connection, List<UUID> ids) {
        return connection.preparedQuery(MARK_SENT).execute(Tuple.of(ids.toArray(new UUID[0]))).replaceWithVoid();
    }

    ProducerRecord<String, byte[]> toRecord(Row row) {
        String eventType = row.getString("event_type");
        int version = row.getInteger("schema_version");
        UUID aggregateId = row.getUUID("aggregate_id");
        RecordHeaders headers = new RecordHeaders();
        put(headers, EventEnvelope.H_SPECVERSION, EventEnvelope.SPEC_VERSION);
        put(headers, EventEnvelope.H_ID, row.getUUID("id").toString());
        put(headers, EventEnvelope.H_SOURCE, source);
        put(headers, EventEnvelope.H_TYPE, Topics.TYPE_PREFIX + eventType);
        put(headers, EventEnvelope.H_SUBJECT, aggregateId.toString());
        OffsetDateTime occurred = row.getOffsetDateTime("occurred_at");
        put(headers, EventEnvelope.H_TIME, TIME.format(occurred.withOffsetSameInstant(ZoneOffset.UTC)));
        put(headers, EventEnvelope.H_DATASCHEMA, EventEnvelope.dataSchemaFor(eventType, version));
        put(headers, EventEnvelope.H_CONTENT_TYPE, "application/json");
        put(headers, EventEnvelope.H_SCHEMAVERSION, Integer.toString(version));
        put(headers, EventEnvelope.H_AGGREGATETYPE, row.getString("aggregate_type"));
        UUID org = row.getUUID("organization_id");
        put(headers, EventEnvelope.H_ORGID, org == null ? null : org.toString());
        put(headers, EventEnvelope.H_ACTOR, row.getString("actor"));
        String topic = row.getString("topic");
        if (Topics.AUDIT_CHANGES.equals(topic)) {
            // personal data: only on the audit topic; domain events get a RequestContextCaptured beside them
            put(headers, EventEnvelope.H_CLIENTIP, row.getString("client_ip"));
            put(headers, EventEnvelope.H_USERAGENT, row.getString("user_agent"));
        }
        return new ProducerRecord<>(topic, null, aggregateId.toString(),
                OversizedPayloads.fit(row.getString("payload"), maxPayloadBytes), headers);
    }

    /**
     * The {@link RequestContextCaptured} record that carries a domain event's client IP and user agent to the audit
     * topic, or null when the event has none (or is itself on the audit topic). Its id is derived from the event's, so
     * a re-sent batch re-sends the same record and consumers deduplicate it.
     */
    ProducerRecord<String, byte[]> requestContextRecord(Row row) {
        String topic = row.getString("topic");
        String ip = row.getString("client_ip");
        String agent = row.getString("user_agent");
        if (Topics.AUDIT_CHANGES.equals(topic) || (ip == null && agent == null)) {
            return null;
        }
        UUID eventId = row.getUUID("id");
        UUID org = row.getUUID("organization_id");
        RequestContextCaptured context = new RequestContextCaptured(eventId, topic, row.getString("event_type"), org,
                ip, agent);
        String type = context.eventType();
        RecordHeaders headers = new RecordHeaders();
        put(headers, EventEnvelope.H_SPECVERSION, EventEnvelope.SPEC_VERSION);
        put(headers, EventEnvelope.H_ID, UUID.nameUUIDFromBytes(("request-context:" + eventId)
                .getBytes(StandardCharsets.UTF_8)).toString());
        put(headers, EventEnvelope.H_SOURCE, source);
        put(headers, EventEnvelope.H_TYPE, Topics.TYPE_PREFIX + type);
        put(headers, EventEnvelope.H_SUBJECT, eventId.toString());
        OffsetDateTime occurred = row.getOffsetDateTime("occurred_at");
        put(headers, EventEnvelope.H_TIME, TIME.format(occurred.withOffsetSameInstant(ZoneOffset.UTC)));
        put(headers, EventEnvelope.H_DATASCHEMA, EventEnvelope.dataSchemaFor(type, context.schemaVersion()));
        put(headers, EventEnvelope.H_CONTENT_TYPE, "application/json");
        put(headers, EventEnvelope.H_SCHEMAVERSION, Integer.toString(context.schemaVersion()));
        put(headers, EventEnvelope.H_AGGREGATETYPE, context.aggregateType());
        put(headers, EventEnvelope.H_ORGID, org == null ? null : org.toString());
        put(headers, EventEnvelope.H_ACTOR, row.getString("actor"));
        put(headers, EventEnvelope.H_CLIENTIP, ip);
        put(headers, EventEnvelope.H_USERAGENT, agent);
        try {
            return new ProducerRecord<>(Topics.AUDIT_CHANGES, null, eventId.toString(),
                    JSON.writeValueAsBytes(context), headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
