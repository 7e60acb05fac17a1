package io.prdtool.prd.search.opensearch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import io.prdtool.prd.search.lucene.PrdRows;
import io.prdtool.prd.search.lucene.PrdRows.PrdRow;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.Topics;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the OpenSearch index a projection of the {@code prds} table, fed by {@code prdtool.prd.events}.
 * <p>
 * Unlike the lucene engine's per-instance projector, the instances share the index, so they share the work: every
 * instance's consumer joins one consumer group ({@code prdtool.search.opensearch.consumer-group}) and applies the
 * partitions it is assigned; offsets are committed to Kafka after the changes are written (at least once; a change
 * applied twice is harmless). An event only names the PRD (and its organization, the routing key); the projector
 * re-reads the row and writes it with its {@code updated_at} as external version, or deletes the document when the
 * row is gone, so duplicates and reordering converge to the row as it is.
 * <p>
 * The index: the instance that creates its versioned index fills it from the table (streams every row, then re-reads
 * the rows written meanwhile), marks it complete and points the alias at it, unless the alias already points at a
 * newer version; the others wait for the mark, and fill it themselves if the filler's heartbeat in the index stops
 * (it died part-way). Until then searches go to the postgres engine. While an instance
 * fills a new index version the alias keeps serving the old one, and every change is written to both.
 */
public final class OpenSearchProjector {

    public enum State {
        STARTING, UNREACHABLE, BOOTSTRAPPING, WAITING, READY, STOPPED
    }

    private static final Logger LOG = Logger.getLogger(OpenSearchProjector.class);
    private static final int BATCH = 500;
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(5);
    /** How often the instance filling an index from the table says so in the index ({@code _meta.heartbeat}). */
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** How long an incomplete index's filler may stay silent before a waiting instance fills it instead. */
    public static final Duration FILLER_SILENCE = Duration.ofSeconds(60);

    private final OpenSearchIndex index;
    private final PrdRows rows;
    private final Pool pool;
    private final String bootstrapServers;
    private final String group;
    private volatile State state = State.STARTING;
    private volatile boolean running = true;
    private volatile boolean created;
    private volatile boolean bootstrapped;
    private volatile Set<String> targets = Set.of();
    private volatile long lag = -1;
    private volatile long documents = -1;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private final Object sleeper = new Object();
    private Thread indexThread;
    private Thread consumerThread;

    public OpenSearchProjector(OpenSearchIndex index, PrdRows rows, Pool pool, String bootstrapServers,
            String group) {
        this.index = index;
        this.rows = rows;
        this.pool = pool;
        this.bootstrapServers = bootstrapServers;
        this.group = group;
    }

    public State state() {
        return state;
    }

    /** Whether this instance filled the index from the table. */
    public boolean bootstrapped() {
        return bootstrapped;
    }

    /** Records of the partitions assigned to this instance not applied yet, as of its last poll (-1: none yet). */
    public long lag() {
        return lag;
    }

    /** PRDs in the index, as of the last housekeeping round (-1: not known yet). */
    public long documents() {
        return documents;
    }

    /** The indices changes are written to: the alias's and this instance's versioned index. */
    public Set<String> targets() {
        return targets;
    }

    public void start() {
        indexThread = new Thread(this::maintainIndex, "prd-search-opensearch-index");
        indexThread.setDaemon(true);
        indexThread.start();
        consumerThread = new Thread(this::consumeLoop, "prd-search-opensearch-projector");
        consumerThread.setDaemon(true);
        consumerThread.start();
    }

    public void stop() throws InterruptedException {
        running = false;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        for (Thread t : new Thread[]{indexThread, consumerThread}) {
            if (t != null) {
                t.join(Duration.ofSeconds(30).toMillis());
            }
        }
        state = State.STOPPED;
    }

    /**
     * Brings these PRDs (id → organization, null when unknown) up to date in every target: re-reads their rows,
     * writes the ones that exist and deletes the others. Idempotent and order-insensitive. Blocking.
     */
    public void sync(Map<UUID, UUID> changed, boolean refresh) {
        if (changed.isEmpty()) {
            return;
        }
        List<PrdRow> current = rows.byIds(changed.keySet());
        Map<UUID, UUID> deleted = new HashMap<>(changed);
        current.forEach(r -> deleted.remove(r.id()));
        index.write(targets, current, deleted, refresh);
    }

    // ------------------------------------------------------------------------------------------------ the index

    private void maintainIndex() {
        while (running) {
            try {
                if (state != State.READY) {
                    prepare();
                }
                housekeeping();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("search index (OpenSearch) not usable, retrying: %s", e.getMessage());
                if (state != State.READY) {
                    state = State.UNREACHABLE;
                }
            }
            pause(state == State.READY ? HOUSEKEEPING : RETRY);
        }
    }

    private void prepare() {
        if (index.create()) {
            created = true;
        }
        targets = resolveTargets();
        OpenSearchIndex.Fill fill = index.fill();
        if (!fill.complete()) {
            if (!created) {
                long silent = System.currentTimeMillis() - fill.heartbeat();
                if (silent < FILLER_SILENCE.toMillis()) {
                    state = State.WAITING;
                    return;
                }
                // the instance filling it died part-way (it says it is alive every HEARTBEAT): fill it again here
                // (writes carry external versions, so what it wrote and what events wrote stay or are overwritten
                // by the same or newer rows); an instance that also took over only repeats the same writes
                LOG.warnf("search index %s: whoever was filling it has been silent for %d s; filling it here",
                        index.index(), silent / 1000);
            }
            bootstrap();
        }
        Set<String> aliased = index.aliasTargets();
        if (aliased.isEmpty() || aliased.stream().allMatch(i -> version(i) < version(index.index()))) {
            index.pointAlias();
            LOG.infof("search alias %s now points at %s (was %s)", index.alias(), index.index(), aliased);
        }
        targets = resolveTargets();
        state = State.READY;
        LOG.infof("search index ready: %s", index.index());
    }

    private void bootstrap() {
        state = State.BOOTSTRAPPING;
        bootstrapped = true;
        long started = System.nanoTime();
        // what is written while the table streams reaches this index through the events; re-reading the rows
        // written since shortly before the stream began covers writers that do not know this index yet
        OffsetDateTime since = pool.query("SELECT now() - interval '10 seconds'").execute()
                .await().atMost(Duration.ofSeconds(30)).iterator().next().getOffsetDateTime(0);
        UUID after = null;
        int total = 0;
        long beat = 0;
        while (running) {
            if (System.nanoTime() - beat > HEARTBEAT.toNanos()) {
                index.heartbeat(System.currentTimeMillis());
                beat = System.nanoTime();
            }
            List<PrdRow> batch = rows.batchAfter(after, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            index.write(Set.of(index.index()), batch, Map.of(), false);
            total += batch.size();
            after = batch.get(batch.size() - 1).id();
        }
        if (!running) {
            return;
        }
        List<UUID> recent = updatedSince(since);
        for (int from = 0; from < recent.size(); from += BATCH) {
            Map<UUID, UUID> changed = new HashMap<>();
            recent.subList(from, Math.min(recent.size(), from + BATCH)).forEach(id -> changed.put(id, null));
            List<PrdRow> current = rows.byIds(changed.keySet());
            index.write(Set.of(index.index()), current, Map.of(), false);
        }
        index.refresh();
        index.markComplete();
        LOG.infof("search index %s filled from the table: %d PRDs in %d ms", index.index(), total,
                (System.nanoTime() - started) / 1_000_000);
    }

    private List<UUID> updatedSince(OffsetDateTime since) {
        List<UUID> ids = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT id FROM prds WHERE updated_at >= $1")
                .execute(Tuple.of(since)).await().atMost(Duration.ofSeconds(60))) {
            ids.add(r.getUUID(0));
        }
        return ids;
    }

    private void housekeeping() {
        targets = resolveTargets();
        documents = index.count();
    }

    private Set<String> resolveTargets() {
        Set<String> t = new LinkedHashSet<>(index.aliasTargets());
        t.add(index.index());
        return Set.copyOf(t);
    }

    /** The version of a versioned index name ({@code <prefix>-prds-v<n>}); 0 for another name. */
    static int version(String indexName) {
        int at = indexName.lastIndexOf("-v");
        try {
            return at < 0 ? 0 : Integer.parseInt(indexName.substring(at + 2));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------------------------------------ the events

    private void consumeLoop() {
        while (running) {
            try {
                if (targets.isEmpty()) {
                    // the index does not exist yet
                    pause(RETRY);
                    continue;
                }
                consume();
            } catch (WakeupException e) {
                // stop() asked us to leave the poll
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf(e, "search projector (OpenSearch) failed; resuming from the group's offsets in 1 s");
                pause(RETRY);
            }
        }
    }

    private void consume() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "prd-service-search-opensearch");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a new group reads the whole topic: re-reading rows is harmless, and the table stream covers what the
        // topic no longer holds
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            c.subscribe(List.of(Topics.PRD));
            while (running) {
                Map<UUID, UUID> changed = new HashMap<>();
                var records = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    UUID prd = prdOf(r);
                    if (prd != null) {
                        UUID org = orgOf(r);
                        if (org != null) {
                            changed.put(prd, org);
                        } else {
                            changed.putIfAbsent(prd, null);
                        }
                    }
                }
                if (!changed.isEmpty()) {
                    sync(changed, false);
                }
                if (!records.isEmpty()) {
                    c.commitSync();
                }
                lag = lagOf(c, c.assignment());
            }
        } finally {
            consumer = null;
        }
    }

    private static long lagOf(KafkaConsumer<byte[], byte[]> c, Collection<TopicPartition> partitions) {
        long total = 0;
        for (TopicPartition tp : partitions) {
            var current = c.currentLag(tp);
            if (current.isPresent()) {
                total += current.getAsLong();
            }
        }
        return total;
    }

    /** The PRD an event is about (subject of aggregate type prd), or null for other events (templates). */
    static UUID prdOf(ConsumerRecord<byte[], byte[]> r) {
        Header type = r.headers().lastHeader(EventEnvelope.H_AGGREGATETYPE);
        if (type == null || !"prd".equals(new String(type.value(), StandardCharsets.UTF_8))) {
            return null;
        }
        return uuid(r.headers().lastHeader(EventEnvelope.H_SUBJECT));
    }

    static UUID orgOf(ConsumerRecord<byte[], byte[]> r) {
        return uuid(r.headers().lastHeader(EventEnvelope.H_ORGID));
    }

    private static UUID uuid(Header header) {
        if (header == null) {
            return null;
        }
        try {
            return UUID.fromString(new String(header.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void pause(Duration d) {
        synchronized (sleeper) {
            if (!running) {
                return;
            }
            try {
                sleeper.wait(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
