package io.prdtool.collab.peer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

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
}
