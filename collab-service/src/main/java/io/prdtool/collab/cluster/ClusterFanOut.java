package io.prdtool.collab.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.prdtool.collab.config.CollabConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Carries stored updates and awareness between collab-service instances that serve the same document: one Kafka topic
 * keyed by PRD id; every instance reads every partition from its end (no consumer group: each instance must see
 * everything, and only live traffic matters, since the log in PostgreSQL has the rest). Own messages are skipped.
 * <p>
 * This is the fast path only. Updates are durable before they are published, and each document with connections
 * also catches up from the log periodically, so a lost or late message delays an update, it never loses it.
 */
@ApplicationScoped
public class ClusterFanOut {

    private static final Logger LOG = Logger.getLogger(ClusterFanOut.class);
    static final String H_INSTANCE = "collab-instance";
    static final String H_KIND = "collab-kind";
    static final String UPDATE = "update";
    static final String AWARENESS = "awareness";

    @Inject
    CollabConfig config;

    @Inject
    InstanceId instance;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile KafkaProducer<String, byte[]> producer;
    private ExecutorService sender;
    private Thread poller;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile BiConsumer<UUID, byte[]> onUpdate = (prd, u) -> {
    };
    private volatile BiConsumer<UUID, byte[]> onAwareness = (prd, a) -> {
    };

    /** Where messages from other instances go (set by the sync layer at startup). */
    public void onMessages(BiConsumer<UUID, byte[]> updates, BiConsumer<UUID, byte[]> awareness) {
        this.onUpdate = updates;
        this.onAwareness = awareness;
    }

    void start(@Observes StartupEvent ev) {
        if (!config.cluster().enabled()) {
            return;
        }
        running.set(true);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000",
                ProducerConfig.CLIENT_ID_CONFIG, "collab-fanout-" + instance.value()),
                new StringSerializer(), new ByteArraySerializer());
        sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "collab-fanout-send"));
        poller = new Thread(this::poll, "collab-fanout-poll");
        poller.setDaemon(true);
        poller.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        if (!running.getAndSet(false)) {
            return;
        }
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }

    /** Announces an update this instance has stored. */
    public void publishUpdate(UUID prdId, byte[] update) {
        publish(prdId, UPDATE, update);
    }

    /** Announces an awareness update this instance received from one of its clients. */
    public void publishAwareness(UUID prdId, byte[] awarenessUpdate) {
        publish(prdId, AWARENESS, awarenessUpdate);
    }

    private void publish(UUID prdId, String kind, byte[] payload) {
        if (!running.get()) {
            return;
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.cluster().topic(), prdId.toString(),
                payload);
        record.headers().add(H_INSTANCE, instance.value().getBytes(StandardCharsets.UTF_8));
        record.headers().add(H_KIND, kind.getBytes(StandardCharsets.UTF_8));
        // send() may block on metadata: never on the caller's (event loop) thread; one thread keeps the order
        sender.execute(() -> {
            try {
                producer.send(record, (meta, error) -> {
                    if (error != null) {
                        LOG.debugf("Fan-out of %s for %s failed: %s", kind, prdId, error.getMessage());
                    }
                });
            } catch (RuntimeException e) {
                LOG.debugf("Fan-out of %s for %s failed: %s", kind, prdId, e.getMessage());
            }
        });
    }

    private void poll() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, "collab-fanout-" + instance.value());
        while (running.get()) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo p : c.partitionsFor(config.cluster().topic(), Duration.ofSeconds(10))) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
                if (partitions.isEmpty()) {
                    Thread.sleep(1000);
                    continue;
                }
                c.assign(partitions);
                c.seekToEnd(partitions);
                partitions.forEach(c::position); // resolve "end" now, before anything is published
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                        dispatch(r);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warnf("Fan-out consumer failed (%s); restarting", e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> r) {
        try {
            if (instance.value().equals(header(r, H_INSTANCE)) || r.key() == null || r.value() == null) {
                return;
            }
            UUID prdId = UUID.fromString(r.key());
            if (UPDATE.equals(header(r, H_KIND))) {
                onUpdate.accept(prdId, r.value());
            } else if (AWARENESS.equals(header(r, H_KIND))) {
                onAwareness.accept(prdId, r.value());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Ignoring an unreadable fan-out message at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
