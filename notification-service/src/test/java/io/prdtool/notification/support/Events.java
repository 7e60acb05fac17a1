package io.prdtool.notification.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.prdtool.shared.events.DomainEvent;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.Topics;
import io.prdtool.testinfra.KafkaBroker;

/**
 * Publishes the suite's events to the test broker exactly as the outbox relay does (CloudEvents 1.0 in Kafka binary
 * mode, keyed by aggregate id), so notification-service consumes them as it would from the real producers.
 */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static KafkaProducer<String, byte[]> producer;

    private Events() {
    }

    /** Publishes {@code event} with a new id; returns the id. */
    public static UUID publish(DomainEvent event) {
        UUID id = UUID.randomUUID();
        publish(id, event);
        return id;
    }

    /** Publishes {@code event} with the given id (the same id again is a redelivery). */
    public static void publish(UUID id, DomainEvent event) {
        try {
            send(event.topic(), event.aggregateId().toString(), headers(id, event), JSON.writeValueAsBytes(event));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes raw bytes with raw headers (poison messages). */
    public static void send(String topic, String key, RecordHeaders headers, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, null, key, value, headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RecordHeaders headers(UUID id, DomainEvent event) {
        RecordHeaders h = new RecordHeaders();
        add(h, EventEnvelope.H_SPECVERSION, EventEnvelope.SPEC_VERSION);
        add(h, EventEnvelope.H_ID, id.toString());
        add(h, EventEnvelope.H_SOURCE, "/prdtool/tests");
        add(h, EventEnvelope.H_TYPE, Topics.TYPE_PREFIX + event.eventType());
        add(h, EventEnvelope.H_SUBJECT, event.aggregateId().toString());
        add(h, EventEnvelope.H_TIME, Instant.now().toString());
        add(h, EventEnvelope.H_SCHEMAVERSION, "1");
        add(h, EventEnvelope.H_AGGREGATETYPE, event.aggregateType());
        if (event.organizationId() != null) {
            add(h, EventEnvelope.H_ORGID, event.organizationId().toString());
        }
        return h;
    }

    public static void add(RecordHeaders h, String name, String value) {
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }
}
