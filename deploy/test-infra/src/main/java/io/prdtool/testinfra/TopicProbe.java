package io.prdtool.testinfra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning, as an independent third-party consumer would, to count what really arrived (on
 * this JVM's test broker).
 */
public final class TopicProbe {

    private TopicProbe() {
    }

    /** Every record of {@code topic} whose CloudEvents {@code orgid} is {@code org}, once at least {@code expected} arrived. */
    public static List<ConsumerRecord<String, byte[]>> forOrganization(String topic, UUID org, int expected,
            Duration timeout) {
        return read(topic, r -> org.toString().equals(header(r, "ce_orgid")), expected, timeout);
    }

    /** A record's header as text, or null. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static List<ConsumerRecord<String, byte[]>> read(String topic,
            Predicate<ConsumerRecord<String, byte[]>> filter, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                var info = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (info != null) {
                    info.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(r)) {
                        found.add(r);
                    }
                }
                boolean atEnd = partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                if (atEnd) {
                    if (found.size() >= expected) {
                        return found;
                    }
                    // more may still be coming: read on from here with fresh end offsets
                    end.putAll(consumer.endOffsets(partitions));
                }
            }
        }
        return found;
    }
}
