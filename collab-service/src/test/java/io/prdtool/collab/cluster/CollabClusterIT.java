package io.prdtool.collab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.collab.testing.PrdServiceResource;
import io.prdtool.collab.testing.ServiceProcess;
import io.prdtool.collab.testing.YClient;
import io.prdtool.shared.events.Topics;
import io.prdtool.testinfra.KafkaBroker;
import io.prdtool.testinfra.PostgresServer;
import io.prdtool.testinfra.Tokens;

/**
 * Two collab-service processes (the packaged jar) on the same PostgreSQL and Kafka, clients split across them: edits
 * and awareness fan out between the instances and everyone converges; a {@code kill -9} of one instance loses nothing
 * a client has seen. A document only one instance holds is not published to Kafka at all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollabClusterIT {

    private static final List<ServiceProcess> INSTANCES = new ArrayList<>();
    private static ServiceProcess one;
    private static ServiceProcess two;

    @BeforeAll
    static void infrastructure() throws Exception {
        PostgresServer.shared();
        KafkaBroker.shared().createTopics(3, "prdtool.collab.sync");
        one = start("one");
        two = start("two");
    }

    @AfterAll
    static void stopInstances() {
        INSTANCES.forEach(i -> i.process().destroyForcibly());
    }

    static ServiceProcess start(String name) throws Exception {
        // a long catch-up interval and access re-check: convergence and revocations here have to come from the Kafka
        // fan-out
        ServiceProcess instance = ServiceProcess.start(name, "-Dprdtool.collab.cluster.catch-up-interval=60s",
                "-Dprdtool.collab.access.recheck-interval=1h",
                // a real prd-service next to them: new documents start from its content
                "-Dprdtool.collab.access.prd-service-url=" + PrdServiceResource.url(),
                "-Dprdtool.collab.documents.seed-from-prd-service=true");
        INSTANCES.add(instance);
        return instance;
    }

    @Test
    @Order(0)
    void aNewDocumentOpenedOnTwoInstancesAtOnceStartsFromPrdServicesContentOnce() {
        String subject = "u-importer-" + UUID.randomUUID();
        PrdServiceResource.Imported imported = PrdServiceResource.imported(subject,
                "---\ntitle: Seeded twice?\n---\n\n# Seeded once\n\nImported on prd-service.\n");
        Prd prd = imported.prd();
        Fixtures.update("INSERT INTO prd_access (prd_id, organization_id) VALUES (?, ?)", prd.id(),
                prd.organizationId());
        String token = prd.member("owner", subject);
        // both instances load the document for their client at the same moment
        CompletableFuture<YClient> onOne = CompletableFuture.supplyAsync(
                () -> YClient.connectSynced(YClient.url(one.port(), prd.id(), token)));
        CompletableFuture<YClient> onTwo = CompletableFuture.supplyAsync(
                () -> YClient.connectSynced(YClient.url(two.port(), prd.id(), token)));
        YClient a = onOne.join();
        YClient b = onTwo.join();
        assertThat(a.text()).isEqualTo(imported.content());
        assertThat(b.text()).isEqualTo(imported.content());
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id())).isEqualTo(1);

        a.insert(a.text().length(), "more");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.text().equals(imported.content() + "more"));
        a.close();
        b.close();
    }

    @Test
    @Order(1)
    void aDocumentOneInstanceHoldsStaysOffKafkaUntilAnotherInstanceLoadsIt() throws Exception {
        Prd prd = Fixtures.newPrd();
        YClient a = YClient.connectSynced(YClient.url(one.port(), prd.id(), prd.member("member")));
        for (int i = 0; i < 20; i++) {
            a.insert(0, "x");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()) == 20);
        Thread.sleep(1000); // a publish would follow the store within milliseconds
        assertThat(updatesOnTopic(prd.id())).as("updates published while no other instance holds the document")
                .isZero();

        // two loads it; what one stores before it hears of that still reaches two's clients (read from the log)
        YClient b = YClient.connectSynced(YClient.url(two.port(), prd.id(), prd.member("member")));
        a.insert(0, "y");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.text().equals(a.text()) && b.text().length() == 21);
        // from now on it is published, both ways
        for (int i = 0; i < 5; i++) {
            a.insert(0, "a");
            b.insert(b.text().length(), "b");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> a.text().equals(b.text()) && a.text().length() == 31);
        await().atMost(Duration.ofSeconds(10)).until(() -> updatesOnTopic(prd.id()) >= 10);
        a.close();
        b.close();
    }

    /** Update messages for {@code prdId} on the fan-out topic, from its beginning. */
    private static long updatesOnTopic(UUID prdId) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor("prdtool.collab.sync").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    Header kind = r.headers().lastHeader("collab-kind");
                    if (prdId.toString().equals(r.key()) && kind != null
                            && "update".equals(new String(kind.value(), StandardCharsets.UTF_8))) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    @Test
    @Order(2)
    void aRemovedMemberIsDisconnectedFromEveryInstanceAtOnce() {
        Prd prd = Fixtures.newPrd();
        String subject = "u-removed-" + UUID.randomUUID();
        Fixtures.update("INSERT INTO org_members (organization_id, subject, user_id, role) VALUES (?, ?, ?, 'member')",
                prd.organizationId(), subject, UUID.randomUUID());
        String token = Tokens.forTests().token(subject, subject + "@example.com", "Removed");
        YClient onOne = YClient.connectSynced(YClient.url(one.port(), prd.id(), token));
        YClient onTwo = YClient.connectSynced(YClient.url(two.port(), prd.id(), token));
        YClient stays = YClient.connectSynced(YClient.url(two.port(), prd.id(), prd.member("member")));

        // prd-service's event, through an outbox relay and Kafka as in production: one instance of the consumer group
        // applies it; with re-checks an hour apart only the fan-out can close the socket on the other instance
        Fixtures.update("INSERT INTO outbox (topic, event_type, aggregate_type, aggregate_id, organization_id, payload)"
                + " VALUES (?, 'MemberRemoved', 'organization', ?, ?, ?::jsonb)", Topics.ORG, prd.organizationId(),
                prd.organizationId(), """
                        {"organizationId":"%s","userId":"%s","subject":"%s"}""".formatted(prd.organizationId(),
                        UUID.randomUUID(), subject));
        assertThat(onOne.closed.orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo(4403);
        assertThat(onTwo.closed.orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo(4403);
        assertThat(stays.isClosed()).isFalse();
        stays.close();
    }

    @Test
    @Order(3)
    void clientsOnTwoInstancesConvergeAndKillingOneLosesNothingSeen() throws Exception {
        Prd prd = Fixtures.newPrd();
        YClient a = YClient.connectSynced(YClient.url(one.port(), prd.id(), prd.member("member")));
        YClient b = YClient.connectSynced(YClient.url(two.port(), prd.id(), prd.member("member")));
        YClient c = YClient.connectSynced(YClient.url(two.port(), prd.id(), prd.member("viewer")));

        a.insert(0, "from one");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.text().equals("from one"));
        for (int i = 0; i < 30; i++) {
            a.insert(0, "a");
            b.insert(b.text().length(), "b");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> a.text().equals(b.text()) && b.text().equals(c.text())
                && a.text().length() == "from one".length() + 60);

        a.setAwareness(1, "{\"user\":{\"name\":\"on-one\"}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.awareness.containsKey(a.doc.clientId()));

        // every edit b has seen is durable: kill -9 the instance a wrote to
        String seen = b.text();
        one.kill();
        assertThat(a.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        ServiceProcess restarted = start("one-again");
        YClient late = YClient.connectSynced(YClient.url(restarted.port(), prd.id(), prd.member("viewer")));
        assertThat(late.text()).isEqualTo(seen);
        YClient other = YClient.connectSynced(YClient.url(two.port(), prd.id(), prd.member("viewer")));
        assertThat(other.text()).isEqualTo(seen);

        // the surviving and the restarted instance keep fanning out to each other
        late.close();
        YClient d = YClient.connectSynced(YClient.url(restarted.port(), prd.id(), prd.member("admin")));
        d.insert(0, "after restart ");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.text().startsWith("after restart "));
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id()))
                .isGreaterThanOrEqualTo(62);
    }
}
