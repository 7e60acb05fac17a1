package io.prdtool.collab.seed;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;
import io.prdtool.collab.oplog.OperationLog;
import io.prdtool.collab.oplog.UpdateDigest;
import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.collab.testing.PrdServiceResource;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/** A new document starts from prd-service's content: deterministic seed, stored once, reached through REST too. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(PrdServiceResource.class)
class ContentSeedTest {

    @Inject
    OperationLog log;

    @Test
    void theSeedOfATextIsTheSameUpdateEveryTimeAndAppliesOnce() {
        byte[] first = ContentSeed.update("# Title\n\nBody ✓\n", "content");
        byte[] second = ContentSeed.update("# Title\n\nBody ✓\n", "content");
        assertThat(second).isEqualTo(first);
        assertThat(ContentSeed.update("# Other\n", "content")).isNotEqualTo(first);

        YDoc doc = new YDoc();
        Updates.applyUpdate(doc, first);
        Updates.applyUpdate(doc, second);
        assertThat(doc.getText("content").toString()).isEqualTo("# Title\n\nBody ✓\n");
        assertThat(Updates.stateVector(doc)).isEqualTo(Map.of(ContentSeed.SEED_CLIENT_ID, "# Title\n\nBody ✓\n"
                .length()));
    }

    @Test
    void ofConcurrentSeedsOfAnEmptyLogExactlyOneIsStored() {
        UUID prd = UUID.randomUUID();
        byte[] update = ContentSeed.update("# Raced\n", "content");
        OperationLog.NewUpdate seed = new OperationLog.NewUpdate(null, "peer", update,
                UpdateDigest.operations(update));
        List<Uni<Boolean>> attempts = List.of(log.appendIfEmpty(prd, "one", seed), log.appendIfEmpty(prd, "two", seed),
                log.appendIfEmpty(prd, "three", seed), log.appendIfEmpty(prd, "four", seed));
        List<Boolean> stored = Uni.join().all(attempts).andFailFast().await().atMost(Duration.ofSeconds(20));
        assertThat(stored).containsOnlyOnce(true);
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd)).isEqualTo(1);
        // a log that is not empty is never seeded
        assertThat(log.appendIfEmpty(prd, "five", seed).await().atMost(Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void aRestReadOfAnImportedPrdShowsItsContentAndAPrdUnknownToPrdServiceStartsEmpty() {
        String subject = "u-importer-" + UUID.randomUUID();
        PrdServiceResource.Imported imported = PrdServiceResource.imported(subject, "# Read me\n\nVia REST.\n");
        Prd prd = imported.prd();
        Fixtures.update("INSERT INTO prd_access (prd_id, organization_id) VALUES (?, ?)", prd.id(),
                prd.organizationId());
        String token = prd.member("member", subject);
        given().auth().oauth2(token).get("/api/v1/prds/" + prd.id() + "/document").then().statusCode(200)
                .body("content", equalTo("# Read me\n\nVia REST.\n"));

        // a PRD prd-service does not know (404 there): nothing to seed, the document is empty
        Prd unknown = Fixtures.newPrd();
        given().auth().oauth2(unknown.member("member")).get("/api/v1/prds/" + unknown.id() + "/document").then()
                .statusCode(200).body("content", equalTo(""));
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", unknown.id())).isZero();
    }
}
