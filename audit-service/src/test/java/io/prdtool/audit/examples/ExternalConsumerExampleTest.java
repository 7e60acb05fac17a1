package io.prdtool.audit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.prdtool.audit.support.AuditTestBase;
import io.prdtool.audit.support.Happened;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The README's example of a third-party consumer: the plain Apache Kafka Java client (no Quarkus, no code of ours),
 * reading CloudEvents in binary mode from a domain topic, deduplicating on {@code ce_id} and committing offsets only
 * after handling. Run here against events the real outbox relay published.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class ExternalConsumerExampleTest extends AuditTestBase {

    /** What a third party writes: about 40 lines with kafka-clients 3.x or 4.x. */
    static final class PrdEventsListener implements AutoCloseable {

        record Received(String id, String type, String subject, String organization, String json) {
        }

        private final KafkaConsumer<String, byte[]> consumer;
        private final Set<String> seen = new HashSet<>(); // production: a table with a unique key on ce_id

        PrdEventsListener(String bootstrapServers, String groupId) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            consumer = new KafkaConsumer<>(p);
            consumer.subscribe(List.of("prdtool.prd.events"));
        }

        /** One poll: the events not seen before, in order per PRD; offsets committed once they are handled. */
        List<Received> poll() {
            List<Received> fresh = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                String id = header(r, "ce_id");
                if (id == null || !seen.add(id)) {
                    continue; // not a CloudEvent, or a redelivery: at-least-once means duplicates happen
                }
                fresh.add(new Received(id, header(r, "ce_type"), header(r, "ce_subject"), header(r, "ce_orgid"),
                        new String(r.value(), StandardCharsets.UTF_8)));
            }
            consumer.commitSync();
            return fresh;
        }

        private static String header(ConsumerRecord<String, byte[]> r, String name) {
            var h = r.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    @Test
    void aPlainKafkaClientReadsTheEventsOurRelayPublishes() {
        UUID org = organization("example-owner");
        UUID prd = UUID.randomUUID();
        commit(ALICE_AT_HOME, org, List.of(Happened.prd(prd, org, "PrdApproved", 0)));

        try (PrdEventsListener listener = new PrdEventsListener(KafkaBroker.shared().bootstrapServers(),
                "example-" + UUID.randomUUID())) {
            List<PrdEventsListener.Received> mine = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (mine.isEmpty() && System.nanoTime() < deadline) {
                listener.poll().stream().filter(e -> prd.toString().equals(e.subject())).forEach(mine::add);
            }
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).type()).isEqualTo("io.prdtool.PrdApproved");
            assertThat(mine.get(0).organization()).isEqualTo(org.toString());
            assertThat(mine.get(0).json()).contains(prd.toString()).doesNotContain("203.0.113.7");
        }
    }
}
