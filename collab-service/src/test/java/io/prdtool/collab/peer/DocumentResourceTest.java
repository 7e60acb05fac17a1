package io.prdtool.collab.peer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.prdtool.collab.sync.Documents;
import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.collab.testing.YClient;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class DocumentResourceTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Documents documents;

    private static long updates(Prd prd) {
        return Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ?", prd.id());
    }

    @Test
    void readsTheLiveDocumentAsTextMarkdownAndDelta() {
        Prd prd = Fixtures.newPrd();
        String token = prd.member("viewer");
        try (YClient editor = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("member")))) {
            editor.insert(0, "Hello world");
            editor.format(0, 5, Map.of("bold", true));
            await().until(() -> updates(prd) == 2);
        }
        given().auth().oauth2(token).when().get("/api/v1/prds/{id}/document", prd.id())
                .then().statusCode(200).body("content", equalTo("Hello world")).body("length", equalTo(11));
        given().auth().oauth2(token).queryParam("format", "markdown").when().get("/api/v1/prds/{id}/document", prd.id())
                .then().statusCode(200).body("content", equalTo("**Hello** world"));
        given().auth().oauth2(token).queryParam("format", "delta").when().get("/api/v1/prds/{id}/document", prd.id())
                .then().statusCode(200)
                .body("delta[0].insert", equalTo("Hello"))
                .body("delta[0].attributes.bold", equalTo(true))
                .body("delta[1].insert", equalTo(" world"));
    }

    @Test
    void peerEditReachesConnectedClientsAndIsStoredLikeAnyUpdate() {
        Prd prd = Fixtures.newPrd();
        String member = prd.member("member");
        try (YClient client = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("viewer")))) {
            given().auth().oauth2(member).contentType(ContentType.JSON)
                    .body(Map.of("type", "replace-all", "text", "Draft one"))
                    .when().post("/api/v1/prds/{id}/document/edits", prd.id())
                    .then().statusCode(200).body("updateId", notNullValue()).body("length", equalTo(9));
            given().auth().oauth2(member).contentType(ContentType.JSON)
                    .body(Map.of("type", "insert", "index", 5, "text", " number"))
                    .when().post("/api/v1/prds/{id}/document/edits", prd.id())
                    .then().statusCode(200).body("length", equalTo(16));
            given().auth().oauth2(member).contentType(ContentType.JSON)
                    .body(Map.of("type", "replace", "index", 13, "length", 3, "text", "two"))
                    .when().post("/api/v1/prds/{id}/document/edits", prd.id())
                    .then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.text().equals("Draft number two"));
        }
        assertThat(updates(prd)).isEqualTo(3);
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ? AND source = 'peer'"
                + " AND user_subject LIKE 'u-member-%'", prd.id())).isEqualTo(3);
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_operations WHERE prd_id = ? AND operation_type ="
                + " 'insert' AND content = ' number'", prd.id())).isEqualTo(1);
    }

    @Test
    void withoutTokenIs401() {
        Prd prd = Fixtures.newPrd();
        given().when().get("/api/v1/prds/{id}/document", prd.id())
                .then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("type", "replace-all", "text", "x"))
                .when().post("/api/v1/prds/{id}/document/edits", prd.id())
                .then().statusCode(401).contentType("application/problem+json");
        assertThat(updates(prd)).isZero();
    }

    @Test
    void anotherOrganizationsPrdIs404LikeAnUnknownOne() {
        Prd mine = Fixtures.newPrd();
        Prd theirs = Fixtures.newPrd();
        String token = mine.member("owner");
        given().auth().oauth2(token).when().get("/api/v1/prds/{id}/document", theirs.id())
                .then().statusCode(404).contentType("application/problem+json").body("type", endsWith("/not-found"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("type", "replace-all", "text", "x"))
                .when().post("/api/v1/prds/{id}/document/edits", theirs.id())
                .then().statusCode(404);
        given().auth().oauth2(token).when().get("/api/v1/prds/{id}/document", java.util.UUID.randomUUID())
                .then().statusCode(404);
        assertThat(updates(theirs)).isZero();
    }

    @Test
    void viewerCannotEdit403() {
        Prd prd = Fixtures.newPrd();
        given().auth().oauth2(prd.member("viewer")).contentType(ContentType.JSON)
                .body(Map.of("type", "replace-all", "text", "x"))
                .when().post("/api/v1/prds/{id}/document/edits", prd.id())
                .then().statusCode(403).contentType("application/problem+json").body("type", endsWith("/forbidden"));
        assertThat(updates(prd)).isZero();
    }

    @Test
    void badEditsAreRefusedWithProblemDetailsAndWriteNothing() {
        Prd prd = Fixtures.newPrd();
        String token = prd.member("admin");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("type", "replace-all", "text", "abc"))
                .when().post("/api/v1/prds/{id}/document/edits", prd.id()).then().statusCode(200);
        long before = updates(prd);
        for (Object body : new Object[]{Map.of("type", "explode", "text", "x"), Map.of("type", "insert"),
                Map.of("type", "insert", "index", -1, "text", "x"), Map.of("type", "insert", "text", "x"),
                "{not json"}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/prds/{id}/document/edits", prd.id())
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("type", "insert", "index", 4, "text", "x"))
                .when().post("/api/v1/prds/{id}/document/edits", prd.id())
                .then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("type", "replace", "index", 1, "length", 5, "text", "x"))
                .when().post("/api/v1/prds/{id}/document/edits", prd.id())
                .then().statusCode(422);
        given().auth().oauth2(token).queryParam("format", "html").when().get("/api/v1/prds/{id}/document", prd.id())
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(updates(prd)).isEqualTo(before);
        given().auth().oauth2(token).when().get("/api/v1/prds/{id}/document", prd.id())
                .then().statusCode(200).body("content", equalTo("abc"));
    }

    private static io.restassured.response.ValidatableResponse edit(String token, Prd prd, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/prds/{id}/document/edits", prd.id()).then();
    }

    private static String text(String token, Prd prd) {
        return given().auth().oauth2(token).when().get("/api/v1/prds/{id}/document", prd.id())
                .then().statusCode(200).extract().path("content");
    }

    private static long contentEvents(Prd prd, String type, String subjectPrefix) {
        return Fixtures.count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = ? AND"
                + " payload->>'subject' LIKE ?", prd.id(), type, subjectPrefix + "%");
    }

    @Test
    void editsWithMatchingExpectAreAppliedAndBroadcast() {
        Prd prd = Fixtures.newPrd();
        String member = prd.member("member");
        try (YClient client = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("viewer")))) {
            edit(member, prd, Map.of("type", "replace-all", "text", "Goals: ship it", "expect", ""))
                    .statusCode(200).body("length", equalTo(14));
            edit(member, prd, Map.of("type", "replace", "index", 7, "length", 7, "text", "ship in May", "expect",
                    "ship it")).statusCode(200).body("updateId", notNullValue()).body("length", equalTo(18));
            await().atMost(Duration.ofSeconds(10)).until(() -> client.text().equals("Goals: ship in May"));
            assertThat(client.updatesReceived).hasSize(2);
        }
        assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ? AND source = 'peer'", prd.id()))
                .isEqualTo(2);
    }

    @Test
    void replaceAllWithExpectChecksTheWholeText() {
        Prd prd = Fixtures.newPrd();
        String member = prd.member("member");
        edit(member, prd, Map.of("type", "replace-all", "text", "First draft")).statusCode(200);
        edit(member, prd, Map.of("type", "replace-all", "text", "Second draft", "expect", "First draft"))
                .statusCode(200).body("length", equalTo(12));
        // a stale whole text, a prefix of it, the empty text: each is not the text now
        for (String stale : new String[]{"First draft", "Second", ""}) {
            edit(member, prd, Map.of("type", "replace-all", "text", "Third draft", "expect", stale))
                    .statusCode(409).contentType("application/problem+json")
                    .body("type", endsWith("/conflict"))
                    .body("detail", equalTo("the text is not the expected text; read the document again"));
        }
        assertThat(text(member, prd)).isEqualTo("Second draft");
        assertThat(updates(prd)).isEqualTo(2);
    }

    @Test
    void editWithMismatchedExpectIs409AndWritesStoresBroadcastsAndPublishesNothing() {
        Prd prd = Fixtures.newPrd();
        String member = prd.member("member");
        String admin = prd.member("admin");
        try (YClient client = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("viewer")))) {
            edit(member, prd, Map.of("type", "replace-all", "text", "Goals: ship it")).statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.text().equals("Goals: ship it"));
            // the member's edit is published: whatever the refused edits below leaked would show in the next window
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> contentEvents(prd, "CollaboratorActive", "u-member-") == 1);
            long stored = updates(prd);
            int received = client.updatesReceived.size();

            given().auth().oauth2(member).contentType(ContentType.JSON)
                    .body(Map.of("type", "replace", "index", 7, "length", 7, "text", "ship in May", "expect",
                            "ship in"))
                    .when().post("/api/v1/prds/{id}/document/edits", prd.id())
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("https://prdtool.dev/problems/conflict"))
                    .body("title", equalTo("Conflict"))
                    .body("status", equalTo(409))
                    .body("detail", equalTo("the text at 7..14 is not the expected text; read the document again"));
            // a range that is no longer there is a mismatch too (not 422: the caller's read is out of date)
            edit(member, prd, Map.of("type", "replace", "index", 10, "length", 7, "text", "x", "expect", "ship it"))
                    .statusCode(409)
                    .body("detail", equalTo("the text at 10..17 is not the expected text; read the document again"));
            edit(member, prd, Map.of("type", "replace-all", "text", "Rewritten", "expect", "Goals: ship"))
                    .statusCode(409);

            assertThat(text(member, prd)).isEqualTo("Goals: ship it");
            assertThat(updates(prd)).isEqualTo(stored);
            assertThat(Fixtures.count("SELECT count(*) FROM crdt_operations WHERE prd_id = ? AND content LIKE"
                    + " '%May%'", prd.id())).isZero();
            // another edit after them: the client receives it and nothing before it (messages keep their order)
            edit(admin, prd, Map.of("type", "insert", "index", 14, "text", "!")).statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.text().equals("Goals: ship it!"));
            assertThat(client.updatesReceived).hasSize(received + 1);
            // its window names the admin only: the refused edits marked no activity and no content
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> contentEvents(prd, "CollaboratorActive", "u-admin-") == 1);
            assertThat(contentEvents(prd, "CollaboratorActive", "u-member-")).isEqualTo(1);
            assertThat(Fixtures.count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type ="
                    + " 'PrdContentChanged' AND payload->>'content' LIKE '%May%'", prd.id())).isZero();
        }
        assertThat(updates(prd)).isEqualTo(2);
    }

    @Test
    void clientEditBetweenTheCallersReadAndItsEditMakesTheEdit409() {
        Prd prd = Fixtures.newPrd();
        String member = prd.member("member");
        edit(member, prd, Map.of("type", "replace-all", "text", "The API returns JSON.")).statusCode(200);
        try (YClient client = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("member")))) {
            String read = text(member, prd);
            int at = read.indexOf("JSON");
            // the client's edit lands after the read and before the edit computed from it
            client.insert(0, "Note: ");
            await().atMost(Duration.ofSeconds(10)).until(() -> updates(prd) == 2);
            edit(member, prd, Map.of("type", "replace", "index", at, "length", 4, "text", "XML", "expect", "JSON"))
                    .statusCode(409)
                    .body("detail", equalTo("the text at 16..20 is not the expected text; read the document again"));
            assertThat(text(member, prd)).isEqualTo("Note: The API returns JSON.");
            assertThat(updates(prd)).isEqualTo(2);

            // read again, recompute: applied where it belongs
            String again = text(member, prd);
            edit(member, prd, Map.of("type", "replace", "index", again.indexOf("JSON"), "length", 4, "text", "XML",
                    "expect", "JSON")).statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.text().equals("Note: The API returns XML."));
        }
    }

    @Test
    void expectGuardedEditsRacingAClientNeverLandAtAShiftedPosition() throws Exception {
        Prd prd = Fixtures.newPrd();
        String member = prd.member("member");
        edit(member, prd, Map.of("type", "replace-all", "text", "The API returns JSON.")).statusCode(200);
        assertThat(text(member, prd)).isEqualTo("The API returns JSON.");
        int rounds = 20;
        AtomicBoolean peerDone = new AtomicBoolean();
        AtomicInteger typed = new AtomicInteger();
        try (YClient client = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("member")))) {
            // the client types at the start of the text, each keystroke stored before the next (below the rate
            // limit), while the caller reads, computes and edits with expect
            CompletableFuture<Void> typing = CompletableFuture.runAsync(() -> {
                while (!peerDone.get() && typed.get() < 50) {
                    client.insert(0, "x");
                    int n = typed.incrementAndGet();
                    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                            .until(() -> Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ? AND"
                                    + " source = 'websocket'", prd.id()) == n);
                }
            });
            int applied = 0;
            for (int round = 0; round < rounds; round++) {
                String read = text(member, prd);
                String word = read.contains("JSON") ? "JSON" : "XML";
                int status = given().auth().oauth2(member).contentType(ContentType.JSON)
                        .body(Map.of("type", "replace", "index", read.indexOf(word), "length", word.length(), "text",
                                word.equals("JSON") ? "XML" : "JSON", "expect", word))
                        .when().post("/api/v1/prds/{id}/document/edits", prd.id()).then().extract().statusCode();
                assertThat(status).isIn(200, 409);
                applied += status == 200 ? 1 : 0;
            }
            peerDone.set(true);
            typing.get(60, TimeUnit.SECONDS);
            assertThat(text(member, prd)).matches("x{" + typed.get() + "}The API returns (JSON|XML)\\.");
            assertThat(Fixtures.count("SELECT count(*) FROM crdt_updates WHERE prd_id = ? AND source = 'peer'",
                    prd.id())).isEqualTo(1 + applied);
        }
    }

    @Test
    void expectWithInsertOrOfAnotherLengthThanTheRangeIs400() {
        Prd prd = Fixtures.newPrd();
        String member = prd.member("member");
        edit(member, prd, Map.of("type", "replace-all", "text", "abc")).statusCode(200);
        edit(member, prd, Map.of("type", "insert", "index", 0, "text", "x", "expect", ""))
                .statusCode(400).contentType("application/problem+json").body("type", endsWith("/validation"))
                .body("detail", equalTo("expect applies to replace and replace-all"));
        edit(member, prd, Map.of("type", "replace", "index", 0, "length", 2, "text", "x", "expect", "abc"))
                .statusCode(400).body("type", endsWith("/validation"));
        edit(member, prd, Map.of("type", "replace", "index", 0, "text", "x", "expect", "a"))
                .statusCode(400).body("type", endsWith("/validation"));
        edit(member, prd, Map.of("type", "replace", "index", 0, "length", 1, "text", "x", "expect",
                "a".repeat(1_000_001))).statusCode(400);
        assertThat(updates(prd)).isEqualTo(1);
        assertThat(text(member, prd)).isEqualTo("abc");
    }

    @Test
    void expectChangesNothingAboutWhoMayEdit() {
        Prd prd = Fixtures.newPrd();
        Prd theirs = Fixtures.newPrd();
        edit(prd.member("member"), prd, Map.of("type", "replace-all", "text", "abc")).statusCode(200);
        Map<String, Object> matching = Map.of("type", "replace", "index", 0, "length", 3, "text", "xyz", "expect",
                "abc");
        edit(prd.member("viewer"), prd, matching).statusCode(403).contentType("application/problem+json")
                .body("type", endsWith("/forbidden"));
        edit(theirs.member("owner"), prd, matching).statusCode(404).contentType("application/problem+json")
                .body("type", endsWith("/not-found"));
        assertThat(updates(prd)).isEqualTo(1);
    }

    @Test
    void aPeerEditRefusedAfterItBeganChangingTheDocumentLeavesNothingInMemory() {
        Prd prd = Fixtures.newPrd();
        String member = prd.member("member");
        edit(member, prd, Map.of("type", "replace-all", "text", "abc")).statusCode(200);
        assertThatThrownBy(() -> documents.editAsPeer(prd.id(), "u-test", doc -> {
            doc.getText("content").insert(0, "LEAK ");
            throw ProblemException.conflict("refused late");
        }).await().atMost(Duration.ofSeconds(10))).isInstanceOf(ProblemException.class).hasMessage("refused late");
        assertThat(text(member, prd)).isEqualTo("abc");
        // a client that syncs now gets the document from the log, not the refused change
        try (YClient client = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("viewer")))) {
            assertThat(client.text()).isEqualTo("abc");
        }
        edit(member, prd, Map.of("type", "insert", "index", 3, "text", "d")).statusCode(200);
        assertThat(text(member, prd)).isEqualTo("abcd");
        assertThat(updates(prd)).isEqualTo(2);
    }

    @Test
    void openApiDescribesExpectAndThe409() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("components.schemas.EditRequest.properties.expect.description", containsString("409"))
                .body("paths.'/api/v1/prds/{prdId}/document/edits'.post.responses", hasKey("409"))
                .body("paths.'/api/v1/prds/{prdId}/document/edits'.post.responses.'200'.content.'application/json'"
                        + ".schema.$ref", endsWith("/EditResult"));
    }
}
