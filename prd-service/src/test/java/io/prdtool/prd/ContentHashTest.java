package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.prdtool.prd.common.Hashes;
import io.prdtool.prd.support.Api;
import io.prdtool.prd.support.Events;
import io.prdtool.shared.events.Topics;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The stored {@code content_hash} (what GET answers as contentHash, without hashing) equals the SHA-256 of the
 * stored content after every path that writes content, and the write's own response agrees.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class ContentHashTest {

    /** Non-ASCII on purpose: the hash is of the UTF-8 bytes. */
    private static final String TEXT = "# Café ✓ 日本\n\nNaïve résumé — 💡\n";

    private static String stored(UUID prd, String column) {
        return Sql.text("prd", "SELECT " + column + " FROM prds WHERE id = '" + prd + "'");
    }

    /** Events of this type for the PRD that carry its current stored hash. */
    private static long eventsWithStoredHash(String type, UUID prd) {
        return Api.count("SELECT count(*) FROM outbox WHERE event_type = '" + type + "' AND aggregate_id = '" + prd
                + "' AND payload->>'contentHash' = '" + stored(prd, "content_hash") + "'");
    }

    /** Stored hash = SHA-256 of the stored content = what GET and the write's response say. */
    private static void assertHashes(Api.Tenant t, UUID prd, String expectedContent, String responseHash) {
        String content = stored(prd, "content");
        assertThat(content).isEqualTo(expectedContent);
        String hash = stored(prd, "content_hash");
        assertThat(hash).isEqualTo(Hashes.sha256(content));
        if (responseHash != null) {
            assertThat(responseHash).isEqualTo(hash);
        }
        t.viewer().as().get("/api/v1/prds/" + prd).then().statusCode(200).body("contentHash", equalTo(hash));
    }

    @Test
    void createAndEditKeepTheStoredHash() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Hashes");
        var created = t.member().as().body(Map.of("title", "Hashed", "content", TEXT))
                .post("/api/v1/projects/" + project + "/prds").then().statusCode(201).extract();
        UUID prd = UUID.fromString(created.path("id"));
        assertHashes(t, prd, TEXT, created.path("contentHash"));
        assertThat(eventsWithStoredHash("PrdCreated", prd)).isEqualTo(1);

        String edited = TEXT + "\n## Added\n";
        String editHash = t.member().as().body(Map.of("content", edited)).patch("/api/v1/prds/" + prd).then()
                .statusCode(200).extract().path("contentHash");
        assertHashes(t, prd, edited, editHash);
        assertThat(eventsWithStoredHash("PrdUpdated", prd)).isEqualTo(1);

        // a write that does not touch content keeps the hash (and the response still carries it)
        String titleHash = t.member().as().body(Map.of("title", "Renamed")).patch("/api/v1/prds/" + prd).then()
                .statusCode(200).extract().path("contentHash");
        assertHashes(t, prd, edited, titleHash);
    }

    @Test
    void aPrdWithoutContentGetsTheHashOfItsSkeleton() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Skeleton");
        var created = t.member().as().body(Map.of("title", "No content given"))
                .post("/api/v1/projects/" + project + "/prds").then().statusCode(201).extract();
        UUID prd = UUID.fromString(created.path("id"));
        assertHashes(t, prd, created.path("content"), created.path("contentHash"));
    }

    @Test
    void importKeepsTheStoredHash() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Imports");
        var created = t.member().as().body(Map.of("markdown", "---\ntitle: Imported\n---\n" + TEXT))
                .post("/api/v1/projects/" + project + "/prds/import").then().statusCode(201).extract();
        UUID prd = UUID.fromString(created.path("id"));
        assertHashes(t, prd, TEXT, created.path("contentHash"));
    }

    @Test
    void collaborativeContentKeepsTheStoredHash() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("Live"), "Live", "# Live\n");
        String text = "# Live\n\nTogether: ünïcode ✓\n";
        Events.publish(Topics.COLLAB, "DocumentContentChanged", prd, t.orgId(), t.member().subject(),
                "{\"prdId\":\"" + prd + "\",\"content\":\"" + text.replace("\n", "\\n") + "\"}");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> text.equals(stored(prd, "content")));
        assertHashes(t, prd, text, null);
    }

    @Test
    void restoringAVersionKeepsTheStoredHash() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("Restore"), "Restore", TEXT);
        t.member().as().body(Map.of("content", "# Rewritten\n")).patch("/api/v1/prds/" + prd).then().statusCode(200);
        VersionApiTest.version(t.member(), prd, Map.of("bump", "minor"), 201);
        t.member().as().post("/api/v1/prds/" + prd + "/versions/1.0.0/restore").then().statusCode(201);
        assertHashes(t, prd, TEXT, null);
    }

    @Test
    void approvalBindsTheStoredHash() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("Approve"), "Approve", TEXT);
        t.member().as().body(Map.of("status", "in_review")).post("/api/v1/prds/" + prd + "/status").then()
                .statusCode(200);
        String hash = stored(prd, "content_hash");
        t.admin().as().body(Map.of("contentHash", hash)).post("/api/v1/prds/" + prd + "/approve").then()
                .statusCode(200).body("approval.contentHash", equalTo(hash)).body("contentHash", equalTo(hash));
        assertHashes(t, prd, TEXT, null);
    }

    @Test
    void sqlWritesKeepTheStoredHashEvenInBulkLoadMode() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("Sql"), "Sql", "# Sql\n");
        // what bench/seed.sql does: row-change capture off (replica mode), content written by SQL
        Api.exec("SET session_replication_role = replica; UPDATE prds SET content = 'Bulk ✓' WHERE id = '" + prd
                + "'");
        assertHashes(t, prd, "Bulk ✓", null);
    }
}
