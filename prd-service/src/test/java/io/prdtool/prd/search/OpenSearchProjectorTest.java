package io.prdtool.prd.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.prd.search.lucene.PrdRows;
import io.prdtool.prd.search.opensearch.OpenSearchConfig;
import io.prdtool.prd.search.opensearch.OpenSearchIndex;
import io.prdtool.prd.search.opensearch.OpenSearchProjector;
import io.prdtool.prd.support.Api;
import io.prdtool.prd.support.OpenSearchProfile;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.KafkaBroker;
import io.prdtool.testinfra.OpenSearchServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The OpenSearch projection against the real table, topic and OpenSearch node, each test with an index and consumer
 * group of its own: an empty index is filled from the table, then the instances share the topic through one consumer
 * group; a restarted instance resumes from the group's offsets without refilling; changes applied twice or in the
 * wrong order converge; a new index version is built behind the alias and the alias switched to it.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@TestProfile(OpenSearchProfile.class)
class OpenSearchProjectorTest {

    @Inject
    PrdRows rows;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void fillsFromTheTableThenSharesTheTopicInOneGroupAndResumesAfterARestart() throws Exception {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Projection");
        UUID before = t.prd(project, "Before the start", "Indexed by the bootstrap.");
        UUID doomed = t.prd(project, "Deleted while stopped", "Gone after the restart.");
        Config config = new Config(Api.unique("projector").toLowerCase(), 1, Api.unique("group"));
        OpenSearchIndex index = new OpenSearchIndex(config, json);
        OpenSearchProjector first = projector(index, config);
        OpenSearchProjector second = projector(index, config);
        try {
            first.start();
            second.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == OpenSearchProjector.State.READY
                    && second.state() == OpenSearchProjector.State.READY);
            // exactly one of them created the index and filled it from the table; the other waited for it
            assertThat(List.of(first.bootstrapped(), second.bootstrapped())).containsExactlyInAnyOrder(true, false);
            assertThat(held(index, t.orgId(), before)).isEqualTo(version(before));

            UUID live = t.prd(project, "Written while running", "Applied from the topic.");
            await().atMost(Duration.ofSeconds(30)).until(() -> version(live).equals(held(index, t.orgId(), live)));
            // one consumer group for the index, whose members share the partitions
            await().atMost(Duration.ofSeconds(30)).until(() -> members(config.consumerGroup()) == 2);
        } finally {
            first.stop();
            second.stop();
        }

        // written while every instance is down: only the topic brings it
        UUID after = t.prd(project, "Written while stopped", "Applied from the group's offsets.");
        t.member().as().body(Map.of("content", "Changed while stopped.")).patch("/api/v1/prds/" + before).then()
                .statusCode(200);
        t.owner().as().delete("/api/v1/prds/" + doomed).then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> Api.count("SELECT count(*) FROM outbox WHERE sent_at IS"
                + " NULL AND aggregate_id IN ('" + after + "', '" + before + "', '" + doomed + "')") == 0);

        OpenSearchProjector restarted = projector(index, config);
        try {
            restarted.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> restarted.state() == OpenSearchProjector.State.READY
                    && version(after).equals(held(index, t.orgId(), after))
                    && version(before).equals(held(index, t.orgId(), before))
                    && held(index, t.orgId(), doomed) == null);
            assertThat(restarted.bootstrapped()).isFalse();
        } finally {
            restarted.stop();
            index.close();
        }
    }

    @Test
    void fillsAnIndexWhoseFillerDiedPartWay() throws Exception {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Takeover");
        UUID written = t.prd(project, "Written by the dead filler", "Already in the index.");
        UUID missing = t.prd(project, "Never reached by it", "Only the takeover writes it.");
        Config config = new Config(Api.unique("takeover").toLowerCase(), 1, Api.unique("group"));
        OpenSearchIndex index = new OpenSearchIndex(config, json);
        // another instance created the index, wrote one row, and died: its last heartbeat is long past
        assertThat(index.create()).isTrue();
        index.write(Set.of(index.index()), rows.byIds(List.of(written)), Map.of(), true);
        index.heartbeat(System.currentTimeMillis() - OpenSearchProjector.FILLER_SILENCE.toMillis() - 1_000);
        OpenSearchProjector waiter = projector(index, config);
        try {
            waiter.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> waiter.state() == OpenSearchProjector.State.READY);
            assertThat(waiter.bootstrapped()).isTrue();
            assertThat(index.complete()).isTrue();
            assertThat(held(index, t.orgId(), written)).isEqualTo(version(written));
            assertThat(held(index, t.orgId(), missing)).isEqualTo(version(missing));
        } finally {
            waiter.stop();
            index.close();
        }
        // while the filler is alive, the others wait
        Config live = new Config(Api.unique("alive").toLowerCase(), 1, Api.unique("group"));
        OpenSearchIndex filling = new OpenSearchIndex(live, json);
        assertThat(filling.create()).isTrue();
        OpenSearchProjector patient = projector(filling, live);
        try {
            patient.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> patient.state() == OpenSearchProjector.State.WAITING);
            assertThat(patient.bootstrapped()).isFalse();
            assertThat(filling.complete()).isFalse();
        } finally {
            patient.stop();
            filling.close();
        }
    }

    @Test
    void convergesWhenChangesArriveTwiceOrOutOfOrder() throws Exception {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Order");
        UUID id = t.prd(project, "Ordering", "First content.");
        PrdRows.PrdRow old = rows.byIds(List.of(id)).get(0);
        t.member().as().body(Map.of("content", "Second content.")).patch("/api/v1/prds/" + id).then().statusCode(200);
        PrdRows.PrdRow current = rows.byIds(List.of(id)).get(0);
        assertThat(current.updatedMicros()).isGreaterThan(old.updatedMicros());
        Config config = new Config(Api.unique("order").toLowerCase(), 1, Api.unique("group"));
        try (OpenSearchIndex index = new OpenSearchIndex(config, json)) {
            assertThat(index.create()).isTrue();
            assertThat(index.create()).isFalse();
            Set<String> target = Set.of(index.index());
            index.write(target, List.of(current), Map.of(), false);
            index.write(target, List.of(current), Map.of(), false);
            index.write(target, List.of(old), Map.of(), true);
            index.pointAlias();
            assertThat(held(index, t.orgId(), id)).isEqualTo(current.updatedMicros());
            index.write(target, List.of(), Map.of(id, t.orgId()), true);
            index.write(target, List.of(), Map.of(id, t.orgId()), true);
            // a row read before the delete and written after it does not bring the PRD back
            index.write(target, List.of(current), Map.of(), true);
            assertThat(held(index, t.orgId(), id)).isNull();
            assertThat(index.count()).isZero();
        }
    }

    @Test
    void buildsANewIndexVersionBehindTheAliasThenSwitchesTheAlias() throws Exception {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Reindex");
        UUID id = t.prd(project, "Reindexed", "Found in both versions.");
        String prefix = Api.unique("reindex").toLowerCase();
        Config v1 = new Config(prefix, 1, Api.unique("group"));
        Config v2 = new Config(prefix, 2, v1.consumerGroup());
        OpenSearchIndex first = new OpenSearchIndex(v1, json);
        OpenSearchIndex second = new OpenSearchIndex(v2, json);
        OpenSearchProjector old = projector(first, v1);
        OpenSearchProjector upgraded = projector(second, v2);
        try {
            old.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> old.state() == OpenSearchProjector.State.READY);
            assertThat(first.aliasTargets()).containsExactly(first.index());

            upgraded.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> upgraded.state() == OpenSearchProjector.State.READY);
            assertThat(upgraded.bootstrapped()).isTrue();
            assertThat(second.aliasTargets()).containsExactly(second.index());
            assertThat(held(second, t.orgId(), id)).isEqualTo(version(id));
            // the old version never takes the alias back, and writes go to the alias's index too
            await().atMost(Duration.ofSeconds(30)).until(() -> old.targets().contains(second.index()));
            assertThat(second.aliasTargets()).containsExactly(second.index());
        } finally {
            old.stop();
            upgraded.stop();
            first.close();
            second.close();
        }
    }

    private OpenSearchProjector projector(OpenSearchIndex index, Config config) {
        return new OpenSearchProjector(index, rows, pool, kafka, config.consumerGroup());
    }

    private static int members(String group) throws Exception {
        try (var admin = KafkaBroker.shared().admin()) {
            return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members()
                    .size();
        }
    }

    private static Long held(OpenSearchIndex index, UUID orgId, UUID id) {
        return index.versions(orgId, List.of(id)).join().get(id);
    }

    private static Long version(UUID id) {
        return Api.count("SELECT (extract(epoch FROM updated_at) * 1000000)::bigint FROM prds WHERE id = '" + id
                + "'");
    }

    /** The engine's settings with an index prefix, index version and consumer group of the test's own. */
    record Config(String indexPrefix, int indexVersion, String consumerGroup) implements OpenSearchConfig {

        @Override
        public List<String> urls() {
            return List.of(OpenSearchServer.shared().url());
        }

        @Override
        public Optional<String> username() {
            return Optional.empty();
        }

        @Override
        public Optional<String> password() {
            return Optional.empty();
        }

        @Override
        public int shards() {
            return 1;
        }

        @Override
        public int replicas() {
            return 0;
        }

        @Override
        public String refreshInterval() {
            return "1s";
        }

        @Override
        public float titleBoost() {
            return 2f;
        }

        @Override
        public Duration freshWindow() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Duration requestTimeout() {
            return Duration.ofSeconds(10);
        }
    }
}
