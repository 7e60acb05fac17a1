package io.prdtool.prd.support;

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

import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.testinfra.KafkaBroker;

/** Publishes CloudEvents (binary mode, as the outbox relay does) to the test broker, as another service would. */
public final class Events {

    private Events() {
    }

    public static UUID publish(String topic, String type, UUID subject, UUID orgId, String actor, String json) {
        UUID id = UUID.randomUUID();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, subject.toString(),
                    json.getBytes(StandardCharsets.UTF_8));
            header(r, EventEnvelope.H_SPECVERSION, "1.0");
            header(r, EventEnvelope.H_ID, id.toString());
            header(r, EventEnvelope.H_SOURCE, "/prdtool/test");
            header(r, EventEnvelope.H_TYPE, "io.prdtool." + type);
            header(r, EventEnvelope.H_SUBJECT, subject.toString());
            header(r, EventEnvelope.H_TIME, Instant.now().toString());
            header(r, EventEnvelope.H_CONTENT_TYPE, "application/json");
            if (orgId != null) {
                header(r, EventEnvelope.H_ORGID, orgId.toString());
            }
            if (actor != null) {
                header(r, EventEnvelope.H_ACTOR, actor);
            }
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    private static void header(ProducerRecord<String, byte[]> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
