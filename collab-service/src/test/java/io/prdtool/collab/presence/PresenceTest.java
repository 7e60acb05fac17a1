package io.prdtool.collab.presence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.prdtool.collab.testing.Fixtures;
import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.collab.testing.YClient;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class PresenceTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    PresenceTracker tracker;

    @Test
    void awarenessFeedsActiveSessionsAndCloseRemovesThem() {
        Prd prd = Fixtures.newPrd();
        String viewer = prd.member("viewer");
        YClient c = YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("member")));
        c.setAwareness(1, "{\"user\":{\"name\":\"Ann\"},\"status\":\"ai-prompting\","
                + "\"cursor\":{\"anchor\":2,\"head\":7}}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(viewer)
                .when().get("/api/v1/prds/{id}/presence", prd.id())
                .then().statusCode(200).body("", hasSize(1))
                .body("[0].status", equalTo("ai-prompting"))
                .body("[0].cursorPosition", equalTo(7))
                .body("[0].selectionStart", equalTo(2))
                .body("[0].selectionEnd", equalTo(7))
                .body("[0].userName", equalTo("User member")));
        assertThat(Fixtures.count("SELECT count(*) FROM collaboration_events WHERE prd_id = ? AND event_type"
                + " = 'join'", prd.id())).isEqualTo(1);
        c.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(viewer)
                .when().get("/api/v1/prds/{id}/presence", prd.id())
                .then().statusCode(200).body("", hasSize(0)));
        await().until(() -> Fixtures.count("SELECT count(*) FROM collaboration_events WHERE prd_id = ? AND"
                + " event_type = 'leave'", prd.id()) == 1);
    }

    @Test
    void joinsInABurstAreAllRecordedAndEachLeaveFollowsItsJoin() {
        Prd prd = Fixtures.newPrd();
        String viewer = prd.member("viewer");
        java.util.List<YClient> clients = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) { // written together: presence changes collect for the flush delay
            clients.add(YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("member"))));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(viewer)
                .when().get("/api/v1/prds/{id}/presence", prd.id())
                .then().statusCode(200).body("", hasSize(8)));
        // one that joins and leaves within a single flush: its row is inserted, then deleted, never left behind
        YClient.connectSynced(YClient.url(base.getPort(), prd.id(), prd.member("member"))).close();
        for (int i = 0; i < 3; i++) {
            clients.remove(0).close();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(viewer)
                .when().get("/api/v1/prds/{id}/presence", prd.id())
                .then().statusCode(200).body("", hasSize(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.count("SELECT count(*) FROM collaboration_events"
                + " WHERE prd_id = ? AND event_type = 'leave'", prd.id()) == 4);
        assertThat(Fixtures.count("SELECT count(*) FROM collaboration_events WHERE prd_id = ? AND event_type ="
                + " 'join'", prd.id())).isEqualTo(9);
        // every leave pairs with its socket's join, stamped when each happened (not when written)
        assertThat(Fixtures.count("SELECT count(*) FROM collaboration_events j JOIN collaboration_events l"
                + " ON l.event_data ->> 'socket' = j.event_data ->> 'socket' WHERE j.prd_id = ? AND l.prd_id = j.prd_id"
                + " AND j.event_type = 'join' AND l.event_type = 'leave' AND l.created_at >= j.created_at", prd.id()))
                .isEqualTo(4);
        clients.forEach(YClient::close);
        await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.count(
                "SELECT count(*) FROM active_sessions WHERE prd_id = ?", prd.id()) == 0);
    }

    @Test
    void staleSessionsAreRemovedByTheOneCleanupRule() {
        Prd prd = Fixtures.newPrd();
        Fixtures.update("INSERT INTO active_sessions (prd_id, organization_id, user_subject, status, socket_id,"
                + " instance_id, last_activity_at) VALUES (?, ?, 'u-gone', 'editing', ?, 'crashed',"
                + " now() - interval '10 minutes')", prd.id(), prd.organizationId(), UUID.randomUUID().toString());
        Fixtures.update("INSERT INTO active_sessions (prd_id, organization_id, user_subject, status, socket_id,"
                + " instance_id) VALUES (?, ?, 'u-here', 'viewing', ?, 'alive')", prd.id(), prd.organizationId(),
                UUID.randomUUID().toString());
        tracker.removeStale().await().atMost(Duration.ofSeconds(10));
        assertThat(Fixtures.count("SELECT count(*) FROM active_sessions WHERE prd_id = ?", prd.id())).isEqualTo(1);
        assertThat(Fixtures.string("SELECT user_subject FROM active_sessions WHERE prd_id = ?", prd.id()))
                .isEqualTo("u-here");
    }

    @Test
    void presenceIsTenantChecked() {
        Prd prd = Fixtures.newPrd();
        Prd other = Fixtures.newPrd();
        given().when().get("/api/v1/prds/{id}/presence", prd.id())
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(other.member("owner")).when().get("/api/v1/prds/{id}/presence", prd.id())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(prd.member("viewer")).when().get("/api/v1/prds/{id}/presence", "not-a-uuid")
                .then().statusCode(404);
    }
}
