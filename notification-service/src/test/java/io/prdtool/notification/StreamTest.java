package io.prdtool.notification;

import static io.prdtool.notification.support.Fixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.prdtool.notification.support.Events;
import io.prdtool.notification.support.Fixture;
import io.prdtool.notification.support.Fixture.Tenant;
import io.prdtool.notification.support.MailResource;
import io.prdtool.shared.events.ai.AiBudgetThresholdReached;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.SseClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Live push over server-sent events: ids, catch-up after Last-Event-ID, heartbeats, and stream tickets. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class StreamTest {

    private static final String STREAM = "/api/v1/notifications/stream";

    private static void budget(Tenant t, String period) {
        Events.publish(new AiBudgetThresholdReached(t.orgId(), period, 80, 8, 10, Instant.now()));
    }

    @Test
    void newNotificationsArePushedWithTheirSeqAsIdAndHeartbeatsKeepTheStreamOpen() {
        Tenant t = Fixture.tenant();
        budget(t, "2026-01"); // before the stream opens: not replayed without Last-Event-ID
        t.owner().await("ai_budget_threshold", 1);
        try (SseClient sse = SseClient.get(STREAM, "Authorization", "Bearer " + t.owner().token())) {
            assertThat(sse.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> sse.comments() >= 2); // heartbeats every 300 ms in tests
            budget(t, "2026-02");
            SseClient.Event e = sse.await("notification", WAIT);
            assertThat(e.json().getString("type")).isEqualTo("ai_budget_threshold");
            assertThat(e.json().getString("title")).contains("2026-02");
            assertThat(e.id()).isEqualTo(String.valueOf(e.json().getLong("seq")));
            assertThat(sse.events()).hasSize(1);
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsWhatItMissed() {
        Tenant t = Fixture.tenant();
        budget(t, "2026-03");
        t.admin().await("ai_budget_threshold", 1);
        String first = t.admin().inbox().getString("items[0].seq");
        budget(t, "2026-04");
        budget(t, "2026-05");
        t.admin().await("ai_budget_threshold", 3);
        try (SseClient sse = SseClient.get(STREAM, "Authorization", "Bearer " + t.admin().token(), "Last-Event-ID",
                first)) {
            List<SseClient.Event> missed = sse.await("notification", 2, WAIT);
            assertThat(missed).extracting(e -> e.json().getString("title")).satisfiesExactly(
                    a -> assertThat(a).contains("2026-04"), b -> assertThat(b).contains("2026-05"));
        }
    }

    @Test
    void aStreamTicketOpensOneStreamAndNeverAgain() {
        Tenant t = Fixture.tenant();
        String ticket = t.owner().api().post("/api/v1/notifications/stream-ticket").then().statusCode(201)
                .extract().path("ticket");
        try (SseClient sse = SseClient.get(STREAM + "?ticket=" + ticket + "&lastEventId=0")) {
            assertThat(sse.status()).isEqualTo(200);
            budget(t, "2026-06");
            assertThat(sse.await("notification", WAIT).json().getString("title")).contains("2026-06");
        }
        RestAssured.given().queryParam("ticket", ticket).get(STREAM).then().statusCode(401)
                .contentType("application/problem+json");
        RestAssured.given().queryParam("ticket", "forged").get(STREAM).then().statusCode(401);
        RestAssured.given().get(STREAM).then().statusCode(401);
        RestAssured.given().auth().oauth2(io.prdtool.testinfra.Tokens.forgedToken("mallory")).get(STREAM).then()
                .statusCode(401);
        RestAssured.given().post("/api/v1/notifications/stream-ticket").then().statusCode(401);
        // only the stream takes a ticket
        RestAssured.given().queryParam("ticket", ticket).get("/api/v1/notifications").then().statusCode(401);
        // tickets are stored hashed
        assertThat(Fixture.count("SELECT count(*) FROM stream_tickets WHERE token_hash = '" + ticket + "'")).isZero();
    }

    @Test
    void aStreamSeesOnlyItsOwnUsersNotifications() {
        Tenant t = Fixture.tenant();
        try (SseClient member = SseClient.get(STREAM, "Authorization", "Bearer " + t.member().token());
                SseClient owner = SseClient.get(STREAM, "Authorization", "Bearer " + t.owner().token())) {
            await().atMost(WAIT).until(() -> member.comments() >= 1 && owner.comments() >= 1);
            budget(t, "2026-07");
            owner.await("notification", WAIT);
            await().during(java.time.Duration.ofMillis(700)).atMost(WAIT).until(() -> member.events().isEmpty());
        }
    }
}
