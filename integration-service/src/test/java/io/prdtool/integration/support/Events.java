package io.prdtool.integration.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * Publishes events to the test broker exactly as a service's outbox relay does (CloudEvents binary mode: ce_* headers,
 * JSON data, the aggregate id as key), e.g. to redeliver one event with the same id as Kafka may after a rebalance.
 */
public final class Events {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static KafkaProducer<String, byte[]> producer;

    private Events() {
    }

    /** Publishes {@code event} with CloudEvents id {@code id} (from {@code source}, e.g. prd-service). */
    public static void publish(UUID id, DomainEvent event, String source) {
        ProducerRecord<String, byte[]> record;
        try {
            record = new ProducerRecord<>(event.topic(), event.aggregateId().toString(),
                    MAPPER.writeValueAsBytes(event));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        header(record, EventEnvelope.H_SPECVERSION, EventEnvelope.SPEC_VERSION);
        header(record, EventEnvelope.H_ID, id.toString());
        header(record, EventEnvelope.H_SOURCE, "/prdtool/" + source);
        header(record, EventEnvelope.H_TYPE, Topics.TYPE_PREFIX + event.eventType());
        header(record, EventEnvelope.H_SUBJECT, event.aggregateId().toString());
        header(record, EventEnvelope.H_TIME, Instant.now().toString());
        header(record, EventEnvelope.H_DATASCHEMA, EventEnvelope.dataSchemaFor(event.eventType(),
                event.schemaVersion()));
        header(record, EventEnvelope.H_CONTENT_TYPE, "application/json");
        header(record, EventEnvelope.H_SCHEMAVERSION, Integer.toString(event.schemaVersion()));
        header(record, EventEnvelope.H_AGGREGATETYPE, event.aggregateType());
        if (event.organizationId() != null) {
            header(record, EventEnvelope.H_ORGID, event.organizationId().toString());
        }
        try {
            producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publishing failed", e);
        }
    }

    /** Publishes {@code original} again, byte for byte (same CloudEvents id): a redelivery as Kafka may make. */
    public static void republish(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> original) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(original.topic(), null, original.key(),
                original.value(), original.headers());
        try {
            producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publishing failed", e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
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
