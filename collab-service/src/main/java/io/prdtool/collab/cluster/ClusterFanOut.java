package io.prdtool.collab.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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

import io.prdtool.collab.access.AccessChangePublisher;
import io.prdtool.collab.access.AccessProjection.AccessChanged;
import io.prdtool.collab.config.CollabConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Carries stored updates and awareness between collab-service instances that serve the same document: one Kafka topic
 * keyed by PRD id; every instance reads every partition from its end (no consumer group: each instance must see
 * everything, and only live traffic matters, since the log in PostgreSQL has the rest). Own messages are skipped.
 * <p>
 * Only documents that another instance holds are published: each instance announces the documents it holds in memory
 * ({@code interest} when loaded, again every {@code interest-refresh}, {@code gone} when unloaded) and asks the others
 * to re-announce theirs when it starts ({@code roll-call}). A document nobody else holds costs no Kafka traffic at all,
 * which is the common case (one editor group on one instance).
 * <p>
 * Access changes go to every instance ({@code access}, keyed by organization): prd-service's events are consumed by
 * one instance of the group, which updates the shared projection and tells the others, so sockets of a removed or
 * demoted member close or turn read-only on every instance at once, not at their next periodic re-check.
 * <p>
 * This is the fast path only. Updates are durable before they are published, each write to the log returns what other
 * instances stored meanwhile, and each document with connections also catches up from the log periodically (and once
 * shortly after it is loaded, covering updates stored before the others heard of its interest), so a lost or late
 * message delays an update, it never loses it.
 */
@ApplicationScoped
public class ClusterFanOut implements AccessChangePublisher {

    private static final Logger LOG = Logger.getLogger(ClusterFanOut.class);
    static final String H_INSTANCE = "collab-instance";
    static final String H_KIND = "collab-kind";
    static final String UPDATE = "update";
    static final String AWARENESS = "awareness";
    static final String INTEREST = "interest";
    static final String GONE = "gone";
    static final String ROLL_CALL = "roll-call";
    static final String ACCESS = "access";

    @Inject
    CollabConfig config;

    @Inject
    InstanceId instance;

    @Inject
    Event<AccessChanged> accessChanged;

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
    private volatile Supplier<? extends Iterable<UUID>> held = List::of;
    /** Documents other instances hold: PRD id -> instance id -> when their interest lapses (System.nanoTime). */
    private final Map<UUID, Map<String, Long>> othersHolding = new ConcurrentHashMap<>();

    /**
     * Where messages from other instances go, and which documents this instance holds (set by the sync layer at
     * startup).
     */
    public void onMessages(BiConsumer<UUID, byte[]> updates, BiConsumer<UUID, byte[]> awareness,
            Supplier<? extends Iterable<UUID>> heldDocuments) {
        this.onUpdate = updates;
        this.onAwareness = awareness;
        this.held = heldDocuments;
    }

    /** Tells the other instances that this one now holds {@code prdId} (and wants its updates). */
    public void hold(UUID prdId) {
        send(prdId.toString(), INTEREST, new byte[0]);
    }

    /** Tells the other instances that this one no longer holds {@code prdId}. */
    public void release(UUID prdId) {
        send(prdId.toString(), GONE, new byte[0]);
    }

    /** Whether another live instance holds {@code prdId}, i.e. whether its updates must be published. */
    public boolean othersHold(UUID prdId) {
        Map<String, Long> holders = othersHolding.get(prdId);
        if (holders == null) {
            return false;
        }
        long now = System.nanoTime();
        holders.values().removeIf(lapse -> now - lapse > 0);
        if (holders.isEmpty()) {
            othersHolding.remove(prdId, holders);
            return false;
        }
        return true;
    }

    @Scheduled(every = "${prdtool.collab.cluster.interest-refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshInterest() {
        if (running.get()) {
            held.get().forEach(this::hold);
        }
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

    /**
     * Tells the other instances that access in {@code organizationId} may have shrunk (for {@code subject}, or for
     * everyone when it is null), once this instance has applied the change to the projection they read.
     */
    @Override
    public void publishAccessChanged(UUID organizationId, String subject) {
        send(organizationId.toString(), ACCESS,
                subject == null ? new byte[0] : subject.getBytes(StandardCharsets.UTF_8));
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
        if (othersHold(prdId)) {
            send(prdId.toString(), kind, payload);
        }
    }

    private void send(String key, String kind, byte[] payload) {
        if (!running.get()) {
            return;
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.cluster().topic(), key, payload);
        record.headers().add(H_INSTANCE, instance.value().getBytes(StandardCharsets.UTF_8));
        record.headers().add(H_KIND, kind.getBytes(StandardCharsets.UTF_8));
        // send() may block on metadata: never on the caller's (event loop) thread; one thread keeps the order
        sender.execute(() -> {
            try {
                producer.send(record, (meta, error) -> {
                    if (error != null) {
                        LOG.debugf("Fan-out of %s for %s failed: %s", kind, key, error.getMessage());
                    }
                });
            } catch (RuntimeException e) {
                LOG.debugf("Fan-out of %s for %s failed: %s", kind, key, e.getMessage());
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
                send(instance.value(), ROLL_CALL, new byte[0]); // the others re-announce what they hold
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
            String from = header(r, H_INSTANCE);
            if (from == null || instance.value().equals(from) || r.key() == null || r.value() == null) {
                return;
            }
            String kind = header(r, H_KIND);
            if (ROLL_CALL.equals(kind)) {
                refreshInterest();
                return;
            }
            if (ACCESS.equals(kind)) {
                String subject = new String(r.value(), StandardCharsets.UTF_8);
                accessChanged
                        .fireAsync(new AccessChanged(UUID.fromString(r.key()), subject.isEmpty() ? null : subject));
                return;
            }
            UUID prdId = UUID.fromString(r.key());
            if (UPDATE.equals(kind)) {
                onUpdate.accept(prdId, r.value());
            } else if (AWARENESS.equals(kind)) {
                onAwareness.accept(prdId, r.value());
            } else if (INTEREST.equals(kind)) {
                long lapse = System.nanoTime() + 3 * config.cluster().interestRefresh().toNanos();
                othersHolding.computeIfAbsent(prdId, k -> new ConcurrentHashMap<>()).put(from, lapse);
            } else if (GONE.equals(kind)) {
                Map<String, Long> holders = othersHolding.get(prdId);
                if (holders != null) {
                    holders.remove(from);
                }
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
