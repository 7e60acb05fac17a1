package io.prdtool.prd.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

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

/**
 * The lucene projection against the real table and topic: an empty index bootstraps from the table; a restarted
 * projector resumes from the offsets in the Lucene commit (no rebuild) and applies what was published meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class LuceneProjectorTest {

    @Inject
    PrdRows rows;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

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
