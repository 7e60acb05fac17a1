package io.prdtool.audit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.audit.support.AuditTestBase;
import io.prdtool.audit.support.Happened;
import io.prdtool.shared.events.EventEnvelope;
import io.prdtool.shared.events.Topics;
import io.prdtool.shared.outbox.KafkaProducers;
import io.prdtool.shared.outbox.OutboxRelay;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.KafkaBroker;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/**
 * The producer half of "exactly as committed, in order, exactly once", against the real database and broker:
 * sent = received = applied in every scenario.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class OutboxRelayReliabilityTest extends AuditTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rolledBackTransactionPublishesNothing() {
        UUID org = UUID.randomUUID();
        UUID prd = UUID.randomUUID();
        assertThatThrownBy(() -> tx.writeWithConnectionAs(ALICE_AT_HOME, org, c -> outbox
                .append(c, Happened.prd(prd, org, "PrdCreated", 0))
                .chain(() -> outbox.append(c, Happened.prd(prd, org, "PrdUpdated", 1)))
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change failed"))))
                .await().atMost(Duration.ofSeconds(30)))
                .hasMessageContaining("the change failed");
        // a committed marker behind it proves the pipeline ran past where the rolled-back events would be
        commit(ALICE_AT_HOME, org, List.of(Happened.prd(prd, org, "PrdArchived", 2)));

        awaitActivity(org, 1);
        List<ConsumerRecord<String, byte[]>> received = TopicProbe.forOrganization(Topics.PRD, org, 1,
                Duration.ofSeconds(30));
        assertThat(count("SELECT count(*) FROM outbox WHERE organization_id = $1", org)).as("stored").isEqualTo(1);
        assertThat(received).as("received").hasSize(1);
        assertThat(EventEnvelope.header(received.get(0).headers(), EventEnvelope.H_TYPE))
                .isEqualTo("io.prdtool.PrdArchived");
        assertThat(count("SELECT count(*) FROM activity_logs WHERE organization_id = $1 AND action <> 'PrdArchived'",
                org)).as("applied rolled-back events").isZero();
    }

    @Test
    void everyCommittedEventArrivesWhenTheBrokerStopsMidPublishAndComesBack() throws Exception {
        UUID org = UUID.randomUUID();
        int transactions = 40;
        int perTransaction = 5;
        KafkaBroker broker = KafkaBroker.shared();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        AtomicInteger committed = new AtomicInteger();
        try {
            Future<?> writing = writer.submit(() -> {
                for (int t = 0; t < transactions; t++) {
                    List<Happened> batch = new ArrayList<>();
                    for (int i = 0; i < perTransaction; i++) {
                        batch.add(Happened.prd(UUID.randomUUID(), org, "PrdCreated", i));
                    }
                    commit(ALICE_AT_HOME, org, batch);
                    committed.addAndGet(perTransaction);
                    sleep(25);
                }
            });
            // stop the broker while events are being written and published
            while (committed.get() < 50) {
                Thread.sleep(10);
            }
            broker.stop();
            writing.get();
            assertThat(unsentOf(org)).as("events waiting for the broker").isPositive();
        } finally {
            broker.start();
            writer.shutdownNow();
        }
        int expected = transactions * perTransaction;
        assertThat(committed.get()).isEqualTo(expected);
        awaitCount(0, "SELECT count(*) FROM outbox WHERE organization_id = $1 AND sent_at IS NULL", org);
        awaitActivity(org, expected);

        List<ConsumerRecord<String, byte[]>> received = TopicProbe.forOrganization(Topics.PRD, org, expected, WAIT);
        Set<String> ids = new HashSet<>();
        received.forEach(r -> ids.add(EventEnvelope.header(r.headers(), EventEnvelope.H_ID)));
        assertThat(ids).as("distinct events received").hasSize(expected);
        assertThat(count("SELECT count(DISTINCT id) FROM activity_logs WHERE organization_id = $1", org))
                .as("applied").isEqualTo(expected);
    }

    @Test
    void relayKilledBetweenSendAndMarkPublishesAgainAndTheInboxAbsorbsTheDuplicates() {
        UUID org = UUID.randomUUID();
        int n = 20;
        long duplicatesBefore = stats.duplicateCount();
        relayRunner.pause();
        try (KafkaProducer<String, byte[]> producer = KafkaProducers.forRelay(
                KafkaBroker.shared().bootstrapServers(), "doomed-relay", Duration.ofSeconds(10))) {
            List<Happened> events = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                events.add(Happened.prd(UUID.randomUUID(), org, "PrdCreated", i));
            }
            commit(ALICE_AT_HOME, org, events);
            OutboxRelay doomed = new OutboxRelay(pool, producer, Executors.newSingleThreadExecutor(),
                    "audit-service", 500, ids -> {
                        throw new IllegalStateException("relay process killed after the broker's ack");
                    });
            assertThatThrownBy(() -> doomed.publishBatch().await().atMost(Duration.ofSeconds(30)))
                    .hasMessageContaining("killed");
            assertThat(unsentOf(org)).as("nothing marked sent").isEqualTo(n);
            awaitActivity(org, n);
        } finally {
            relayRunner.resume();
        }
        // the surviving relay publishes the same rows again
        awaitCount(0, "SELECT count(*) FROM outbox WHERE organization_id = $1 AND sent_at IS NULL", org);
        List<ConsumerRecord<String, byte[]>> received = TopicProbe.forOrganization(Topics.PRD, org, 2 * n, WAIT);
        assertThat(received).as("records on the topic: each event twice").hasSize(2 * n);
        await().atMost(WAIT)
                .until(() -> stats.duplicateCount() - duplicatesBefore >= n);
        assertThat(activityOf(org)).as("applied once each").isEqualTo(n);
        assertThat(count("SELECT count(*) FROM inbox WHERE event_id IN (SELECT id FROM outbox"
                + " WHERE organization_id = $1)", org)).as("inbox entries").isEqualTo(n);
    }

    @Test
    void perAggregateOrderHoldsWithTwoRelaysPublishingConcurrently() throws Exception {
        UUID org = UUID.randomUUID();
        int aggregates = 10;
        int perAggregate = 30;
        List<UUID> ids = new ArrayList<>();
        for (int a = 0; a < aggregates; a++) {
            ids.add(UUID.randomUUID());
        }
        relayRunner.pause();
        ExecutorService relays = Executors.newFixedThreadPool(2);
        try (KafkaProducer<String, byte[]> p1 = KafkaProducers.forRelay(KafkaBroker.shared().bootstrapServers(),
                "relay-1", Duration.ofSeconds(10));
                KafkaProducer<String, byte[]> p2 = KafkaProducers.forRelay(
                        KafkaBroker.shared().bootstrapServers(), "relay-2", Duration.ofSeconds(10))) {
            for (int s = 0; s < perAggregate; s++) {
                List<Happened> round = new ArrayList<>();
                for (UUID id : ids) {
                    round.add(Happened.prd(id, org, "PrdUpdated", s));
                }
                commit(ALICE_AT_HOME, org, round);
            }
            ExecutorService sendThreads = Executors.newFixedThreadPool(2);
            OutboxRelay r1 = new OutboxRelay(pool, p1, sendThreads, "audit-service", 7, null);
            OutboxRelay r2 = new OutboxRelay(pool, p2, sendThreads, "audit-service", 7, null);
            AtomicInteger sent1 = new AtomicInteger();
            AtomicInteger sent2 = new AtomicInteger();
            Future<?> f1 = relays.submit(() -> drain(r1, sent1, org));
            Future<?> f2 = relays.submit(() -> drain(r2, sent2, org));
            f1.get();
            f2.get();
            sendThreads.shutdown();
            assertThat(sent1.get() + sent2.get()).as("published by the two relays")
                    .isEqualTo(aggregates * perAggregate);
            assertThat(sent1.get()).as("relay 1 took part").isPositive();
            assertThat(sent2.get()).as("relay 2 took part").isPositive();
        } finally {
            relays.shutdownNow();
            relayRunner.resume();
        }
        int expected = aggregates * perAggregate;
        List<ConsumerRecord<String, byte[]>> received = TopicProbe.forOrganization(Topics.PRD, org, expected, WAIT);
        assertThat(received).as("received").hasSize(expected);
        Map<String, List<Integer>> sequences = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : received) {
            sequences.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(JSON.readTree(r.value()).get("sequence")
                    .asInt());
        }
        List<Integer> inOrder = new ArrayList<>();
        for (int s = 0; s < perAggregate; s++) {
            inOrder.add(s);
        }
        assertThat(sequences).hasSize(aggregates);
        sequences.forEach((key, seen) -> assertThat(seen).as("order of aggregate %s", key).isEqualTo(inOrder));
        awaitActivity(org, expected);
    }

    private void drain(OutboxRelay relay, AtomicInteger sent, UUID org) {
        while (unsentOf(org) > 0) {
            sent.addAndGet(relay.publishBatch().await().atMost(Duration.ofSeconds(30)));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
