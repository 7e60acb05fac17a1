package io.prdtool.notification;

import static io.prdtool.notification.support.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.notification.support.Events;
import io.prdtool.notification.support.Fixture;
import io.prdtool.notification.support.Fixture.Tenant;
import io.prdtool.notification.support.Fixture.User;
import io.prdtool.notification.support.MailResource;
import io.prdtool.shared.events.ai.AiBudgetThresholdReached;
import io.prdtool.shared.events.prd.PrdStatusChanged;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The in-app inbox: the caller's own notifications only, keyset pages, filters, counts and read state. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class InboxApiTest {

    /** {@code n} budget notifications for the tenant's owners and admins. */
    private static void budgetEvents(Tenant t, int n) {
        for (int i = 0; i < n; i++) {
            Events.publish(new AiBudgetThresholdReached(t.orgId(), "2026-" + (10 + i), 80, 8, 10, Instant.now()));
        }
        t.owner().await("ai_budget_threshold", n);
    }

    @Test
    void pagesAreNewestFirstAndFollowTheCursor() {
        Tenant t = Fixture.tenant();
        budgetEvents(t, 5);
        List<String> seen = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = t.owner().api().queryParam("limit", 2);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath page = req.get("/api/v1/notifications").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            page.getList("items.seq", Long.class).forEach(seqs::add);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        assertThat(seqs).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void readUnreadArchiveAndReadAllKeepTheCountRight() {
        Tenant t = Fixture.tenant();
        budgetEvents(t, 3);
        User owner = t.owner();
        List<String> ids = owner.inbox().getList("items.id");
        owner.api().get("/api/v1/notifications/unread-count").then().statusCode(200).body("count", equalTo(3))
                .body("display", equalTo("3"));

        owner.api().post("/api/v1/notifications/" + ids.get(0) + "/read").then().statusCode(200)
                .body("read", equalTo(true));
        owner.api().post("/api/v1/notifications/" + ids.get(0) + "/read").then().statusCode(200); // idempotent
        owner.api().get("/api/v1/notifications?unread=true").then().statusCode(200).body("items", hasSize(2));
        owner.api().post("/api/v1/notifications/" + ids.get(0) + "/unread").then().statusCode(200)
                .body("read", equalTo(false));
        owner.api().post("/api/v1/notifications/" + ids.get(1) + "/archive").then().statusCode(200)
                .body("archived", equalTo(true));
        owner.api().get("/api/v1/notifications").then().body("items", hasSize(2));
        owner.api().get("/api/v1/notifications?archived=true").then().body("items", hasSize(1))
                .body("items[0].id", equalTo(ids.get(1)));
        owner.api().get("/api/v1/notifications/unread-count").then().body("count", equalTo(2));
        owner.api().post("/api/v1/notifications/read-all").then().statusCode(200).body("marked", equalTo(3));
        owner.api().get("/api/v1/notifications/unread-count").then().body("count", equalTo(0));
        owner.api().post("/api/v1/notifications/" + ids.get(1) + "/unarchive").then().statusCode(200)
                .body("archived", equalTo(false));
        // is_read is generated from read_at: the two can never disagree, and nobody can write it
        assertThat(count("SELECT count(*) FROM notifications WHERE is_read <> (read_at IS NOT NULL)")).isZero();
        assertThatThrownBy(() -> Fixture.execute("UPDATE notifications SET is_read = false WHERE id = '"
                + ids.get(0) + "'")).hasMessageContaining("generated");
    }

    @Test
    void anotherUsersNotificationDoesNotExistForTheCaller() {
        Tenant t = Fixture.tenant();
        budgetEvents(t, 1);
        String id = t.owner().inbox().getString("items[0].id");
        for (String action : List.of("read", "unread", "archive", "unarchive")) {
            t.admin().api().post("/api/v1/notifications/" + id + "/" + action).then().statusCode(404)
                    .contentType("application/problem+json");
            t.outsider().api().post("/api/v1/notifications/" + id + "/" + action).then().statusCode(404);
        }
        t.member().api().get("/api/v1/notifications/" + id).then().statusCode(404);
        t.owner().api().get("/api/v1/notifications/" + id).then().statusCode(200).body("id", equalTo(id));
        t.owner().api().post("/api/v1/notifications/" + UUID.randomUUID() + "/read").then().statusCode(404);
        assertThat(t.owner().inbox().getBoolean("items[0].read")).isFalse();
    }

    @Test
    void filtersByTypeAndPrd() {
        Tenant t = Fixture.tenant();
        UUID a = t.prd(t.member(), "A", t.admin());
        UUID b = t.prd(t.member(), "B", t.admin());
        Events.publish(new PrdStatusChanged(a, t.orgId(), null, "draft", "in_review", t.member().id()));
        Events.publish(new PrdStatusChanged(b, t.orgId(), null, "draft", "in_review", t.member().id()));
        budgetEvents(t, 1);
        t.admin().await("approval_requested", 2);
        t.admin().api().get("/api/v1/notifications?prdId=" + a).then().body("items", hasSize(1))
                .body("items[0].prdId", equalTo(a.toString()));
        t.admin().api().get("/api/v1/notifications?type=ai_budget_threshold").then().body("items", hasSize(1));
        t.admin().api().post("/api/v1/notifications/read-all?prdId=" + a).then().body("marked", equalTo(1));
        t.admin().api().get("/api/v1/notifications?unread=true&type=approval_requested").then()
                .body("items", hasSize(1)).body("items[0].prdId", equalTo(b.toString()));
    }

    @Test
    void theUnreadCountIsCappedForTheBadge() {
        Tenant t = Fixture.tenant();
        Fixture.execute("INSERT INTO notifications (recipient_id, organization_id, type, source_event_id, title)"
                + " SELECT '" + t.viewer().id() + "', '" + t.orgId() + "', 'ai_budget_threshold', gen_random_uuid(),"
                + " 'n' || g FROM generate_series(1, 120) g");
        t.viewer().api().get("/api/v1/notifications/unread-count").then().statusCode(200)
                .body("count", equalTo(100)).body("display", equalTo("99+"));
    }

    @Test
    void badParametersAreProblems() {
        User u = Fixture.tenant().owner();
        u.api().get("/api/v1/notifications?limit=0").then().statusCode(400).contentType("application/problem+json");
        u.api().get("/api/v1/notifications?limit=101").then().statusCode(400);
        u.api().get("/api/v1/notifications?cursor=bogus").then().statusCode(400);
        u.api().get("/api/v1/notifications?type=nope").then().statusCode(400);
        u.api().get("/api/v1/notifications?prdId=nope").then().statusCode(400);
        u.api().post("/api/v1/notifications/not-a-uuid/read").then().statusCode(404);
    }

    @Test
    void aUserNotSeenYetHasAnEmptyInbox() {
        User stranger = Fixture.user("new");
        stranger.api().get("/api/v1/notifications").then().statusCode(200).body("items", hasSize(0));
        stranger.api().get("/api/v1/notifications/unread-count").then().statusCode(200).body("count", equalTo(0));
        io.restassured.RestAssured.given().get("/api/v1/notifications").then().statusCode(401);
    }
}
