package io.prdtool.audit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.prdtool.audit.support.AuditTestBase;
import io.prdtool.audit.support.Happened;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.Topics;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.KafkaBroker;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/** The consumer half: redelivery is harmless, poison never blocks a partition. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class ConsumerReliabilityTest extends AuditTestBase {

    static final String DLQ = "prdtool.dlq.audit-service";

    @Inject
    KafkaClientService kafka;

    @Test
    void consumerRestartedBeforeItsOffsetCommitGetsEverythingAgainAndAppliesEachEventOnce() {
        UUID org = UUID.randomUUID();
        int n = 30;
        List<Happened> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(Happened.prd(UUID.randomUUID(), org, "PrdCreated", i));
        }
        commit(ALICE_AT_HOME, org, events);
        awaitActivity(org, n);
        long duplicatesBefore = stats.duplicateCount();

        // A consumer that dies after its effects committed but before its offsets did restarts from older offsets.
        // Rewind every consumer of the channel to the start of its partitions: all of this org's events come again.
        kafka.getConsumers("audit-in").forEach(consumer -> consumer
                .runOnPollingThread(c -> {
                    c.seekToBeginning(c.assignment());
                    return true;
                })
                .await().atMost(Duration.ofSeconds(30)));

        await().atMost(WAIT)
                .until(() -> stats.duplicateCount() - duplicatesBefore >= n);
        assertThat(activityOf(org)).as("applied once each").isEqualTo(n);
        assertThat(count("SELECT count(*) FROM inbox WHERE consumer = 'audit-service' AND event_id IN"
                + " (SELECT id FROM outbox WHERE organization_id = $1)", org)).as("inbox").isEqualTo(n);
        // and the consumer still moves: a new event after the replay is applied
        commit(ALICE_AT_HOME, org, List.of(Happened.prd(UUID.randomUUID(), org, "PrdCreated", n)));
        awaitActivity(org, n + 1);
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicWithTheReasonAndThePartitionKeepsMoving() {
        UUID org = UUID.randomUUID();
        String key = UUID.randomUUID().toString(); // one key: all on one partition, behind the poison
        long rejectedBefore = stats.rejectedCount();
        try (KafkaProducer<String, byte[]> producer = rawProducer()) {
            // 1. not JSON, no CloudEvents headers at all
            producer.send(new ProducerRecord<>(Topics.PRD, null, key, bytes("{{{ not json"), new RecordHeaders()));
            // 2. a well-formed envelope whose data does not parse
            producer.send(new ProducerRecord<>(Topics.PRD, null, key, bytes("{\"truncated\": "),
                    headers(UUID.randomUUID(), UUID.fromString(key), org, "PrdCreated")));
            // 3. parses, but its effect fails on every attempt (an operation the audit trail does not accept)
            producer.send(new ProducerRecord<>(Topics.AUDIT_CHANGES, null, key, bytes("{\"service\":\"prd\","
                    + "\"table\":\"prds\",\"operation\":\"TRUNCATE\",\"recordId\":\"" + key + "\","
                    + "\"organizationId\":\"" + org + "\"}"),
                    headers(UUID.randomUUID(), UUID.fromString(key), org, "RowChanged")));
            producer.flush();
        }
        // then good events with the same key, behind the poison on the same partitions
        commit(ALICE_AT_HOME, org, List.of(Happened.prd(UUID.fromString(key), org, "PrdCreated", 0),
                Happened.prd(UUID.fromString(key), org, "PrdUpdated", 1)));
        awaitActivity(org, 2);

        List<ConsumerRecord<String, byte[]>> dead = TopicProbe.read(DLQ, r -> key.equals(r.key()), 3, WAIT);
        assertThat(dead).as("dead-lettered").hasSize(3);
        assertThat(dead).allSatisfy(r -> {
            assertThat(EventEnvelope.header(r.headers(), "dead-letter-reason")).isNotBlank();
            assertThat(EventEnvelope.header(r.headers(), "dead-letter-topic")).isIn(Topics.PRD, Topics.AUDIT_CHANGES);
        });
        assertThat(dead).extracting(r -> EventEnvelope.header(r.headers(), "dead-letter-reason"))
                .anySatisfy(reason -> assertThat(reason).contains("CloudEvents"))
                .anySatisfy(reason -> assertThat(reason).containsIgnoringCase("audit_trails_operation_check"));
        assertThat(stats.rejectedCount() - rejectedBefore).as("rejected").isGreaterThanOrEqualTo(3);
        assertThat(count("SELECT count(*) FROM audit_trails WHERE organization_id = $1", org)).isZero();
    }

    private static RecordHeaders headers(UUID id, UUID subject, UUID org, String type) {
        RecordHeaders h = new RecordHeaders();
        h.add(EventEnvelope.H_SPECVERSION, bytes("1.0"));
        h.add(EventEnvelope.H_ID, bytes(id.toString()));
        h.add(EventEnvelope.H_SOURCE, bytes("/prdtool/test"));
        h.add(EventEnvelope.H_TYPE, bytes(Topics.TYPE_PREFIX + type));
        h.add(EventEnvelope.H_SUBJECT, bytes(subject.toString()));
        h.add(EventEnvelope.H_TIME, bytes(Instant.now().toString()));
        h.add(EventEnvelope.H_ORGID, bytes(org.toString()));
        h.add(EventEnvelope.H_AGGREGATETYPE, bytes("prd"));
        return h;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> rawProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }
}
