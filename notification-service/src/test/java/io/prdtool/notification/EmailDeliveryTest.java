package io.prdtool.notification;

import static io.prdtool.notification.support.Fixture.WAIT;
import static io.prdtool.notification.support.Fixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.notification.support.Events;
import io.prdtool.notification.support.Fixture;
import io.prdtool.notification.support.Fixture.Tenant;
import io.prdtool.notification.support.Fixture.User;
import io.prdtool.notification.support.MailResource;
import io.prdtool.notification.support.Mails;
import io.prdtool.shared.events.Topics;
import io.prdtool.shared.events.collab.PrdContentChanged;
import io.prdtool.shared.events.integration.IntegrationDisabled;
import io.prdtool.shared.events.org.MemberAdded;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.events.prd.PrdStatusChanged;
import io.prdtool.shared.events.prd.PrdUpdated;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Email through a real SMTP server: threading and unsubscribe headers, both bodies, the noise rules (hold and skip
 * if read, edit groups, cooldown, 4 then a digest, daily digest, quiet hours), retries and the delivery log.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class EmailDeliveryTest {

    private static final String HASH = "0".repeat(64);

    private static String status(UUID notification) {
        return Fixture.text("SELECT status || '/' || coalesce(reason, '') FROM notification_deliveries"
                + " WHERE notification_id = '" + notification + "' AND channel = 'email'");
    }

    private static UUID mention(Tenant t, UUID prd, User who, long revision) {
        String text = "Hi @" + who.email() + " r" + revision;
        return Events.publish(new PrdContentChanged(prd, t.orgId(), t.member().id(), t.member().subject(), text, HASH,
                text.length(), revision, Instant.now()));
    }

    @Test
    void anApprovalRequestIsMailedWithThreadingAndBothBodies() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Checkout <v2>", t.admin());
        Events.publish(new PrdStatusChanged(prd, t.orgId(), null, "draft", "in_review", t.member().id()));
        String id = (String) t.admin().await("approval_requested", 1).get(0).get("id");

        Mails.Received mail = Mails.await(t.admin().email(), 1, WAIT).get(0);
        assertThat(mail.header("Message-ID")).isEqualTo("<" + id + "@prdtool.local>");
        assertThat(mail.header("In-Reply-To")).isEqualTo("<prd-" + prd + "@prdtool.local>");
        assertThat(mail.header("References")).isEqualTo("<prd-" + prd + "@prdtool.local>");
        assertThat(mail.subject()).contains("Checkout <v2>").contains(t.member().name());
        assertThat(mail.html()).contains("Checkout &lt;v2&gt;").contains("http://localhost:8081/prds/" + prd);
        assertThat(mail.text()).contains("Checkout <v2>").contains("http://localhost:8081/prds/" + prd);
        // critical: not something one unsubscribes from
        assertThat(mail.header("List-Unsubscribe")).isNull();
        assertThat(status(UUID.fromString(id))).isEqualTo("sent/");
        assertThat(Fixture.text("SELECT provider_message_id FROM notification_deliveries WHERE notification_id = '"
                + id + "' AND channel = 'email'")).isEqualTo("<" + id + "@prdtool.local>");
    }

    @Test
    void anEmailWaitsForTheAddressWhenTheUsersOwnEventArrivesAfterTheNotification() {
        Tenant t = Fixture.tenant();
        // a member whose UserProvisioned (another topic) has not been consumed yet: no address known
        User late = Fixture.user("late");
        Events.publish(new MemberAdded(t.orgId(), late.id(), late.subject(), OrgRole.MEMBER));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM org_members WHERE user_id = '" + late.id()
                + "'") == 1);
        UUID prd = t.prd(t.member(), "Late address", late);
        Events.publish(new PrdStatusChanged(prd, t.orgId(), null, "draft", "in_review", t.member().id()));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM notifications n JOIN notification_deliveries d"
                + " ON d.notification_id = n.id AND d.channel = 'email' WHERE n.recipient_id = '" + late.id()
                + "' AND d.attempts = 0 AND d.updated_at > n.created_at") == 1);
        assertThat(Mails.to(late.email())).isEmpty();

        Fixture.provision(late);
        Mails.Received mail = Mails.await(late.email(), 1, WAIT).get(0);
        assertThat(mail.subject()).contains("Late address");
    }

    @Test
    void oneClickUnsubscribeWorksWithoutASessionAndForgedTokensChangeNothing() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Unsub");
        mention(t, prd, t.viewer(), 1);
        Mails.Received mail = Mails.await(t.viewer().email(), 1, WAIT).get(0);
        assertThat(mail.header("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        String header = mail.header("List-Unsubscribe");
        assertThat(header).startsWith("<http://localhost:8085/api/v1/unsubscribe?token=").endsWith(">");
        String token = header.substring(header.indexOf("token=") + 6, header.length() - 1);
        assertThat(mail.text()).contains("Unsubscribe from these emails: http://localhost:8085/api/v1/unsubscribe");

        // GET only shows a page with a form
        RestAssured.given().queryParam("token", token).get("/api/v1/unsubscribe").then().statusCode(200)
                .body(containsString("<form method=\"post\""));
        assertThat(emailPref(t.viewer(), "mention")).isTrue();
        // forged or altered: a clear page, no change
        RestAssured.given().queryParam("token", token.substring(0, token.length() - 2) + "xx")
                .contentType("application/x-www-form-urlencoded").formParam("List-Unsubscribe", "One-Click")
                .post("/api/v1/unsubscribe").then().statusCode(400).body(containsString("not valid"));
        RestAssured.given().queryParam("token", "garbage").get("/api/v1/unsubscribe").then().statusCode(400);
        assertThat(emailPref(t.viewer(), "mention")).isTrue();
        // the one-click POST, as a mail provider sends it
        RestAssured.given().queryParam("token", token).contentType("application/x-www-form-urlencoded")
                .formParam("List-Unsubscribe", "One-Click").post("/api/v1/unsubscribe").then().statusCode(200)
                .body(containsString("no longer get emails about mention"));
        assertThat(emailPref(t.viewer(), "mention")).isFalse();
        assertThat(emailPref(t.viewer(), "prd_approved")).isTrue();
    }

    private static boolean emailPref(User u, String type) {
        return u.api().get("/api/v1/notification-preferences").then().extract().jsonPath()
                .getBoolean("preferences.find { it.type == '" + type + "' }.channels.email.enabled");
    }

    @Test
    void anEmailReadInAppDuringTheHoldIsNotSent() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Read fast");
        mention(t, prd, t.viewer(), 1);
        String id = (String) t.viewer().await("mention", 1).get(0).get("id");
        t.viewer().api().post("/api/v1/notifications/" + id + "/read").then().statusCode(200);
        await().atMost(WAIT).until(() -> "skipped/read".equals(status(UUID.fromString(id))));
        assertThat(Mails.to(t.viewer().email())).isEmpty();
    }

    @Test
    void editsAreMailedOncePerGroupAndThenCooledDown() {
        Tenant t = Fixture.tenant();
        UUID prd = t.prd(t.member(), "Grouped");
        for (int i = 0; i < 3; i++) {
            Events.publish(new PrdUpdated(prd, t.orgId(), null, "Grouped", "grouped", HASH, List.of("content"),
                    "collab", t.owner().id(), List.of()));
        }
        Mails.Received mail = Mails.await(t.member().email(), 1, WAIT).get(0);
        assertThat(mail.subject()).contains("3 times");
        // a new group after the first closed: its email falls in the per-PRD cooldown
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM notifications WHERE prd_id = '" + prd
                + "' AND group_closes_at < now()") == 1);
        Events.publish(new PrdUpdated(prd, t.orgId(), null, "Grouped", "grouped", HASH, List.of("content"),
                "collab", t.owner().id(), List.of()));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM notification_deliveries WHERE prd_id = '" + prd
                + "' AND status = 'skipped' AND reason = 'cooldown'") == 1);
        assertThat(Mails.to(t.member().email())).hasSize(1);
        assertThat(t.member().notifications("prd_updated")).hasSize(2);
    }

    @Test
    void afterFourImmediateEmailsTheRestWaitForOneDigest() {
        Tenant t = Fixture.tenant();
        for (int i = 1; i <= 6; i++) {
            mention(t, t.prd(t.member(), "Mentions " + i), t.viewer(), i);
        }
        t.viewer().await("mention", 6);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM notification_deliveries WHERE recipient_id = '"
                + t.viewer().id() + "' AND channel = 'email' AND status IN ('sent', 'held')") == 6);
        assertThat(Mails.to(t.viewer().email())).hasSize(4);
        assertThat(count("SELECT count(*) FROM notification_deliveries WHERE recipient_id = '" + t.viewer().id()
                + "' AND status = 'held' AND reason = 'digest'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM notification_digests WHERE recipient_id = '" + t.viewer().id()
                + "' AND kind = 'overflow' AND due_at > now() + interval '11 hours'")).isEqualTo(1);
        // twelve hours later
        Fixture.execute("UPDATE notification_digests SET due_at = now() WHERE recipient_id = '" + t.viewer().id()
                + "'");
        List<Mails.Received> mails = Mails.await(t.viewer().email(), 5, WAIT);
        Mails.Received digest = mails.get(4);
        assertThat(digest.subject()).isEqualTo("2 notifications from PRD Tool");
        // the mentions are consumed from several partitions, so which two wait is not fixed: each of the six
        // arrives exactly once, four alone and two in the digest
        for (int i = 1; i <= 6; i++) {
            String title = "Mentions " + i;
            assertThat(mails.stream().filter(m -> (m.subject() + "\n" + m.text()).contains(title)).count())
                    .as(title).isEqualTo(1);
        }
        assertThat(digest.text().split("mentioned you in", -1)).hasSize(3);
        assertThat(digest.header("List-Unsubscribe")).contains("token=");
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM notification_deliveries WHERE recipient_id = '"
                + t.viewer().id() + "' AND channel = 'email' AND status = 'sent'") == 6);
    }

    @Test
    void theDailyDigestCollectsEmailsAndSkipsWhatWasRead() {
        Tenant t = Fixture.tenant();
        t.viewer().api().body(Map.of("settings", Map.of("dailyDigestHour", 7, "locale", "de"))).put(
                "/api/v1/notification-preferences").then().statusCode(200);
        UUID a = t.prd(t.member(), "Daily A");
        UUID b = t.prd(t.member(), "Daily B");
        mention(t, a, t.viewer(), 1);
        mention(t, b, t.viewer(), 1);
        t.viewer().await("mention", 2);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM notification_deliveries WHERE recipient_id = '"
                + t.viewer().id() + "' AND status = 'held' AND reason = 'daily_digest'") == 2);
        String readOne = (String) t.viewer().notifications("mention").get(0).get("id");
        t.viewer().api().post("/api/v1/notifications/" + readOne + "/read").then().statusCode(200);
        Fixture.execute("UPDATE notification_digests SET due_at = now() WHERE recipient_id = '" + t.viewer().id()
                + "'");
        Mails.Received digest = Mails.await(t.viewer().email(), 1, WAIT).get(0);
        assertThat(digest.subject()).isEqualTo("1 Benachrichtigungen von PRD Tool");
        assertThat(digest.text()).contains("Das ist passiert").contains("Daily A");
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM notification_deliveries WHERE notification_id ="
                + " '" + readOne + "' AND status = 'skipped'") == 1);
    }

    @Test
    void quietHoursHoldEmailAndChatButNotCriticalTypes() {
        Tenant t = Fixture.tenant();
        LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        for (User u : List.of(t.owner(), t.viewer())) {
            u.api().body(Map.of("settings", Map.of("timeZone", "UTC", "quietHours", Map.of("start",
                    now.minusHours(1).toString(), "end", now.plusHours(2).toString())))).put(
                            "/api/v1/notification-preferences")
                    .then().statusCode(200);
        }
        UUID prd = t.prd(t.member(), "Quiet");
        mention(t, prd, t.viewer(), 1);
        String id = (String) t.viewer().await("mention", 1).get(0).get("id"); // in-app at once
        // integration disabled is critical: it breaks through
        Events.publish(new IntegrationDisabled(UUID.randomUUID(), t.orgId(), "slack", "Chat", "auth", "401", 1,
                Instant.now(), null));
        Mails.await(t.owner().email(), 1, WAIT);
        assertThat(Fixture.text("SELECT status FROM notification_deliveries WHERE notification_id = '" + id
                + "' AND channel = 'email'")).isEqualTo("pending");
        assertThat(count("SELECT count(*) FROM notification_deliveries WHERE notification_id = '" + id
                + "' AND channel = 'email' AND next_attempt_at > now() + interval '100 minutes'")).isEqualTo(1);
        assertThat(Mails.to(t.viewer().email())).isEmpty();
        // the chat hand-off says when the chat message may go out
        var created = TopicProbe.read(Topics.NOTIFICATION, r -> r.key().equals(id), 1, Duration.ofSeconds(30));
        var json = io.restassured.path.json.JsonPath.from(new String(created.get(0).value(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(json.getBoolean("chat")).isTrue();
        assertThat(Instant.parse(json.getString("chatNotBefore"))).isAfter(Instant.now().plusSeconds(100 * 60));
        assertThat(json.getString("type")).isEqualTo("mention");
        assertThat(json.getString("recipientEmail")).isEqualTo(t.viewer().email());
        assertThat(Fixture.text("SELECT status || '/' || reason FROM notification_deliveries WHERE notification_id = '"
                + id + "' AND channel = 'chat'")).isEqualTo("sent/handed_off");
    }

    @Test
    void aFailingSmtpServerIsRetriedWithBackoffUntilTheDeliveryIsDead() {
        Tenant t = Fixture.tenant();
        MailResource.stopSmtp();
        try {
            Events.publish(new IntegrationDisabled(UUID.randomUUID(), t.orgId(), "jira", "Tracker", "gone", "410", 1,
                    Instant.now(), t.owner().id()));
            String id = (String) t.admin().await("integration_disabled", 1).get(0).get("id");
            await().atMost(WAIT).until(() -> "dead/".equals(status(UUID.fromString(id))));
            assertThat(count("SELECT attempts FROM notification_deliveries WHERE notification_id = '" + id
                    + "' AND channel = 'email'")).isEqualTo(3);
            assertThat(Fixture.text("SELECT last_error FROM notification_deliveries WHERE notification_id = '" + id
                    + "' AND channel = 'email'")).isNotBlank();
            // the organization's admins see it in the delivery log; members may not, outsiders do not know it
            t.owner().api().get("/api/v1/orgs/" + t.orgId() + "/notification-deliveries?status=dead").then()
                    .statusCode(200).body("items", hasSize(1)).body("items[0].notificationId", equalTo(id))
                    .body("items[0].recipientEmail", equalTo(t.admin().email()))
                    .body("items.status", everyItem(equalTo("dead")));
            t.member().api().get("/api/v1/orgs/" + t.orgId() + "/notification-deliveries").then().statusCode(403);
            t.outsider().api().get("/api/v1/orgs/" + t.orgId() + "/notification-deliveries").then().statusCode(404);
            t.owner().api().get("/api/v1/orgs/" + t.orgId() + "/notification-deliveries?channel=pigeon").then()
                    .statusCode(400);
        } finally {
            MailResource.restartSmtp();
        }
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("prdtool_notification_deliveries_total{channel=\"email\",outcome=\"dead\"");
    }
}
