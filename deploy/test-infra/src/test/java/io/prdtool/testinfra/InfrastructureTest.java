package io.prdtool.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class InfrastructureTest {

    @Test
    void postgresIsARealServerWithTheSuiteDatabase() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        try (Connection c = pg.connect(PostgresServer.DATABASE);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, "
                        + "gen_random_uuid() IS NOT NULL")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(150000);
            assertThat(rs.getBoolean(2)).isTrue();
        }
    }

    @Test
    void kafkaRoundTripsRecordsAndKeepsThemAcrossABrokerRestart() {
        KafkaBroker kafka = KafkaBroker.shared();
        String topic = "infra-" + UUID.randomUUID();
        kafka.createTopics(1, topic);
        produce(kafka, topic, List.of("a", "b", "c"));

        assertThat(consumeAll(kafka, topic, 3)).containsExactly("a", "b", "c");

        if (!kafka.isExternal()) {
            kafka.stop();
            kafka.start();
            produce(kafka, topic, List.of("d"));
            assertThat(consumeAll(kafka, topic, 4)).containsExactly("a", "b", "c", "d");
        }
    }

    @Test
    void tokensAreSignedWithTheTestKey() {
        String jwt = Tokens.forTests().token("user-1", "user1@example.com", "User One");
        assertThat(jwt.split("\\.")).hasSize(3);
        assertThat(Tokens.forgedToken("user-1")).isNotEqualTo(jwt);
    }

    private static void produce(KafkaBroker kafka, String topic, List<String> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, "key", v));
            }
            producer.flush();
        }
    }

    private static List<String> consumeAll(KafkaBroker kafka, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "infra-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
            }
        }
        return seen;
    }
}
