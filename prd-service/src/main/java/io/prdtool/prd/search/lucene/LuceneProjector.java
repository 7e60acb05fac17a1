package io.prdtool.prd.search.lucene;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.Topics;

/**
 * Keeps one instance's {@link LuceneIndex} a projection of the {@code prds} table, fed by {@code prdtool.prd.events}.
 * <p>
 * No consumer group: every instance reads every partition ({@code assign}) and manages its own offsets, which live in
 * the Lucene commit, not in Kafka. On start it seeks to the committed offsets; with an empty (or unusable) index it
 * bootstraps: notes the topic's end offsets, streams the whole table into the index, commits with those offsets, and
 * consumes from there (events in between re-read rows already indexed, which is harmless). An event only names the
 * PRD (CloudEvents subject of aggregate type {@code prd}); the projector re-reads the row, so applying an event twice
 * or out of order converges to the row as it is. The instance is {@link State#READY} once it has applied everything
 * that was in the topic when it started; until then searches go to the postgres engine.
 */
public final class LuceneProjector implements Runnable {

    public enum State {
        STARTING, BOOTSTRAPPING, CATCHING_UP, READY, STOPPED
    }

    private static final Logger LOG = Logger.getLogger(LuceneProjector.class);
    private static final int BATCH = 500;

    private final LuceneIndex index;
    private final PrdRows rows;
    private final String bootstrapServers;
    private final Duration commitEvery;
    private volatile State state = State.STARTING;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile long lag = -1;
    private volatile boolean bootstrapped;
    private Thread thread;

    public LuceneProjector(LuceneIndex index, PrdRows rows, String bootstrapServers, Duration commitEvery) {
        this.index = index;
        this.rows = rows;
        this.bootstrapServers = bootstrapServers;
        this.commitEvery = commitEvery;
    }

    public State state() {
        return state;
    }

    /** Records of the topic not applied yet, as of the last poll (-1 before the first). */
    public long lag() {
        return lag;
    }

    /** Whether this projector rebuilt the index from the table (an empty or unusable index) rather than resumed. */
    public boolean bootstrapped() {
        return bootstrapped;
    }

    public void start() {
        thread = new Thread(this, "prd-search-projector");
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        state = State.STOPPED;
    }

    @Override
    public void run() {
        while (running) {
            try {
                consume();
            } catch (WakeupException e) {
                // stop() asked us to leave the poll
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf(e, "search projector failed; restarting from the last index commit in 1 s");
                if (state == State.READY) {
                    state = State.CATCHING_UP;
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void consume() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "prd-service-search-projector");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = partitions(c);
            c.assign(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            Map<TopicPartition, Long> begin = c.beginningOffsets(partitions);
            Map<Integer, Long> committed = index.committedOffsets();
            boolean usable = !committed.isEmpty() && partitions.stream().allMatch(tp -> {
                Long at = committed.get(tp.partition());
                return at != null && at >= begin.get(tp) && at <= end.get(tp);
            });
            if (usable) {
                partitions.forEach(tp -> c.seek(tp, committed.get(tp.partition())));
                state = State.CATCHING_UP;
            } else {
                bootstrap(end);
                end.forEach(c::seek);
            }
            Map<Integer, Long> applied = positions(c, partitions);
            long lastCommit = System.nanoTime();
            boolean dirty = false;
            while (running) {
                Set<UUID> changed = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    UUID prd = prdOf(r);
                    if (prd != null) {
                        changed.add(prd);
                    }
                }
                index.sync(changed, rows);
                Map<Integer, Long> now = positions(c, partitions);
                if (!changed.isEmpty()) {
                    index.refresh();
                }
                dirty |= !now.equals(applied);
                applied = now;
                long remaining = 0;
                for (TopicPartition tp : partitions) {
                    remaining += Math.max(0, end.get(tp) - applied.get(tp.partition()));
                }
                if (state != State.READY && remaining == 0) {
                    index.commit(applied);
                    dirty = false;
                    lastCommit = System.nanoTime();
                    state = State.READY;
                    LOG.infof("search index ready: %d PRDs, offsets %s", index.size(), applied);
                } else if (dirty && System.nanoTime() - lastCommit >= commitEvery.toNanos()) {
                    index.commit(applied);
                    dirty = false;
                    lastCommit = System.nanoTime();
                }
                lag = state == State.READY ? lagOf(c, partitions) : remaining;
            }
            if (dirty) {
                index.commit(applied);
            }
        } finally {
            consumer = null;
        }
    }

    private void bootstrap(Map<TopicPartition, Long> end) {
        state = State.BOOTSTRAPPING;
        bootstrapped = true;
        long started = System.nanoTime();
        index.clear();
        // an emptied index without offsets is what a stop part-way through leaves (closing the writer commits):
        // the next start bootstraps again instead of resuming from offsets with part of the table indexed
        index.commit(Map.of());
        UUID after = null;
        int total = 0;
        while (running) {
            List<PrdRows.PrdRow> batch = rows.batchAfter(after, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            index.put(batch);
            total += batch.size();
            after = batch.get(batch.size() - 1).id();
        }
        if (!running) {
            return;
        }
        Map<Integer, Long> offsets = new HashMap<>();
        end.forEach((tp, offset) -> offsets.put(tp.partition(), offset));
        index.commit(offsets);
        state = State.CATCHING_UP;
        LOG.infof("search index bootstrapped: %d PRDs in %d ms, consuming from %s", total,
                (System.nanoTime() - started) / 1_000_000, offsets);
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c) {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(Topics.PRD, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
        }
        throw new WakeupException();
    }

    private static Map<Integer, Long> positions(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        Map<Integer, Long> positions = new HashMap<>();
        partitions.forEach(tp -> positions.put(tp.partition(), c.position(tp)));
        return positions;
    }

    private static long lagOf(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        long lag = 0;
        for (TopicPartition tp : partitions) {
            var current = c.currentLag(tp);
            if (current.isPresent()) {
                lag += current.getAsLong();
            }
        }
        return lag;
    }

    /** The PRD an event is about (subject of aggregate type prd), or null for other events (templates). */
    static UUID prdOf(ConsumerRecord<byte[], byte[]> r) {
        Header type = r.headers().lastHeader(EventEnvelope.H_AGGREGATETYPE);
        Header subject = r.headers().lastHeader(EventEnvelope.H_SUBJECT);
        if (type == null || subject == null || !"prd".equals(new String(type.value(), StandardCharsets.UTF_8))) {
            return null;
        }
        try {
            return UUID.fromString(new String(subject.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
