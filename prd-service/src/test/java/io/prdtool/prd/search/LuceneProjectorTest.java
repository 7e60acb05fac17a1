package io.prdtool.prd.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.prdtool.prd.search.lucene.EnglishAnalysis;
import io.prdtool.prd.search.lucene.LuceneIndex;
import io.prdtool.prd.search.lucene.LuceneProjector;
import io.prdtool.prd.search.lucene.PrdRows;
import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The lucene projection against the real table and topic: an empty index bootstraps from the table; a restarted
 * projector resumes from the offsets in the Lucene commit (no rebuild) and applies what was published meanwhile; a
 * bootstrap stopped part-way commits no offsets, so the next start bootstraps again.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class LuceneProjectorTest {

    @Inject
    PrdRows rows;

    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aBootstrapStoppedPartWayLeavesNoOffsetsSoTheNextStartBootstrapsAgain() throws Exception {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("Interrupted"), "Indexed at the second start", "Bootstrap again.");
        Path dir = Files.createTempDirectory("lucene-projector-test");
        LuceneIndex index = new LuceneIndex(dir, new EnglishAnalysis());
        LuceneProjector[] projector = new LuceneProjector[1];
        AtomicReference<Thread> stopper = new AtomicReference<>();
        // the instance is shut down while it streams the table: stop() is under way before the first batch returns
        PrdRows stopping = new PrdRows(pool) {

            @Override
            public List<PrdRow> batchAfter(UUID after, int limit) {
                if (stopper.get() == null) {
                    Thread s = new Thread(() -> {
                        try {
                            projector[0].stop();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    stopper.set(s);
                    s.start();
                    await().atMost(Duration.ofSeconds(10)).until(() -> s.getState() == Thread.State.TIMED_WAITING);
                }
                return super.batchAfter(after, limit);
            }
        };
        projector[0] = new LuceneProjector(index, stopping, kafka, Duration.ofMillis(100));
        projector[0].start();
        await().atMost(Duration.ofSeconds(60)).until(() -> stopper.get() != null);
        stopper.get().join(Duration.ofSeconds(40).toMillis());
        assertThat(projector[0].state()).isEqualTo(LuceneProjector.State.STOPPED);
        index.close();

        LuceneIndex reopened = new LuceneIndex(dir, new EnglishAnalysis());
        assertThat(reopened.committedOffsets()).isEmpty();
        LuceneProjector again = new LuceneProjector(reopened, rows, kafka, Duration.ofMillis(100));
        again.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> again.state() == LuceneProjector.State.READY);
            assertThat(again.bootstrapped()).isTrue();
            assertThat(reopened.stale(List.of(version(prd)))).isEmpty();
        } finally {
            again.stop();
            reopened.close();
            org.apache.lucene.util.IOUtils.rm(dir);
        }
    }

    @Test
    void bootstrapsThenResumesFromTheOffsetsCommittedWithTheIndex() throws Exception {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Projection");
        UUID before = t.prd(project, "Before the restart", "Indexed by the bootstrap.");
        Path dir = Files.createTempDirectory("lucene-projector-test");

        LuceneIndex index = new LuceneIndex(dir, new EnglishAnalysis());
        LuceneProjector projector = new LuceneProjector(index, rows, kafka, Duration.ofMillis(100));
        projector.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> projector.state() == LuceneProjector.State.READY);
        assertThat(projector.bootstrapped()).isTrue();
        assertThat(index.stale(List.of(version(before)))).isEmpty();
        projector.stop();
        index.close();

        // written while this projector is down: only the topic brings it
        UUID after = t.prd(project, "After the restart", "Applied from the committed offsets.");
        await().atMost(Duration.ofSeconds(30)).until(() -> Api.count("SELECT count(*) FROM outbox"
                + " WHERE aggregate_id = '" + after + "' AND sent_at IS NULL") == 0);

        LuceneIndex reopened = new LuceneIndex(dir, new EnglishAnalysis());
        assertThat(reopened.committedOffsets()).isNotEmpty();
        LuceneProjector resumed = new LuceneProjector(reopened, rows, kafka, Duration.ofMillis(100));
        resumed.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> resumed.state() == LuceneProjector.State.READY
                    && reopened.stale(List.of(version(after))).isEmpty());
            assertThat(resumed.bootstrapped()).isFalse();
            assertThat(reopened.stale(List.of(version(before)))).isEmpty();
        } finally {
            resumed.stop();
            reopened.close();
            org.apache.lucene.util.IOUtils.rm(dir);
        }
    }

    private static PrdRows.Version version(UUID id) {
        return new PrdRows.Version(id, Api.count("SELECT (extract(epoch FROM updated_at) * 1000000)::bigint"
                + " FROM prds WHERE id = '" + id + "'"));
    }
}
