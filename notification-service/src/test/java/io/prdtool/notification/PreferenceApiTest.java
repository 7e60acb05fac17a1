package io.prdtool.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.prdtool.notification.support.Events;
import io.prdtool.notification.support.Fixture;
import io.prdtool.notification.support.Fixture.Tenant;
import io.prdtool.notification.support.Fixture.User;
import io.prdtool.notification.support.MailResource;
import io.prdtool.shared.events.ai.AiBudgetThresholdReached;
import io.prdtool.shared.events.integration.IntegrationDeliveryDead;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The effective matrix (defaults in code, overrides stored), partial changes and what is refused. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(MailResource.class)
class PreferenceApiTest {

    private static final String PATH = "/api/v1/notification-preferences";

    private static Map<String, Object> cell(JsonPath p, String type, String channel) {
        return p.getMap("preferences.find { it.type == '" + type + "' }.channels." + channel);
    }

    @Test
    void theDefaultsMatrixIsReturned() {
        User u = Fixture.tenant().member();
        JsonPath p = u.api().get(PATH).then().statusCode(200).extract().jsonPath();
        assertThat(p.getList("preferences.type")).hasSize(10).contains("approval_requested", "prd_updated",
                "mention", "integration_disabled");
        assertThat(cell(p, "approval_requested", "email")).containsEntry("enabled", true)
                .containsEntry("locked", true);
        assertThat(cell(p, "approval_requested", "chat")).containsEntry("locked", false);
        assertThat(cell(p, "status_changed", "email")).containsEntry("enabled", false)
                .containsEntry("defaultValue", false);
        assertThat(cell(p, "prd_updated", "in_app")).containsEntry("enabled", true);
        assertThat(p.getString("settings.timeZone")).isEqualTo("UTC");
        assertThat(p.getString("settings.locale")).isEqualTo("en");
    }

    @Test
    void partialChangesOverrideAndResetDefaults() {
        User u = Fixture.tenant().member();
        JsonPath p = u.api().body(Map.of("preferences", Map.of("prd_updated", Map.of("email", false),
                "status_changed", Map.of("email", true)), "settings",
                Map.of("timeZone", "Europe/Berlin",
                        "locale", "de", "quietHours", Map.of("start", "22:00", "end", "07:00"), "dailyDigestHour", 8)))
                .put(PATH).then().statusCode(200).extract().jsonPath();
        assertThat(cell(p, "prd_updated", "email")).containsEntry("enabled", false)
                .containsEntry("defaultValue", true);
        assertThat(cell(p, "status_changed", "email")).containsEntry("enabled", true);
        assertThat(p.getString("settings.timeZone")).isEqualTo("Europe/Berlin");
        assertThat(p.getString("settings.quietHours.start")).isEqualTo("22:00");
        assertThat(p.getInt("settings.dailyDigestHour")).isEqualTo(8);

        Map<String, Object> reset = new HashMap<>();
        reset.put("email", null);
        Map<String, Object> settings = new HashMap<>();
        settings.put("quietHours", null);
        settings.put("dailyDigestHour", null);
        u.api().body(Map.of("preferences", Map.of("prd_updated", reset), "settings", settings)).put(PATH).then()
                .statusCode(200).body("settings.quietHours", nullValue()).body("settings.dailyDigestHour", nullValue())
                .body("settings.locale", equalTo("de"));
        JsonPath after = u.api().get(PATH).then().extract().jsonPath();
        assertThat(cell(after, "prd_updated", "email")).containsEntry("enabled", true);
        assertThat(cell(after, "status_changed", "email")).containsEntry("enabled", true);
    }

    @Test
    void unknownTypesChannelsAndLockedChangesAre400() {
        User u = Fixture.tenant().member();
        u.api().body(Map.of("preferences", Map.of("nope", Map.of("email", false)))).put(PATH).then().statusCode(400)
                .contentType("application/problem+json").body("allowed", hasItem("mention"));
        u.api().body(Map.of("preferences", Map.of("mention", Map.of("pigeon", false)))).put(PATH).then()
                .statusCode(400).body("allowed", equalTo(List.of("in_app", "email", "chat")));
        u.api().body(Map.of("preferences", Map.of("approval_requested", Map.of("email", false)))).put(PATH).then()
                .statusCode(400);
        u.api().body(Map.of("preferences", Map.of("mention", Map.of("email", "no")))).put(PATH).then()
                .statusCode(400);
        u.api().body(Map.of("settings", Map.of("timeZone", "Mars/Olympus"))).put(PATH).then().statusCode(400);
        u.api().body(Map.of("settings", Map.of("dailyDigestHour", 24))).put(PATH).then().statusCode(400);
        u.api().body(Map.of("settings", Map.of("quietHours", Map.of("start", "late", "end", "07:00")))).put(PATH)
                .then().statusCode(400);
        u.api().body(Map.of("settings", Map.of("colour", "blue"))).put(PATH).then().statusCode(400);
        // nothing of the refused requests was stored
        JsonPath p = u.api().get(PATH).then().extract().jsonPath();
        assertThat(p.getString("settings.timeZone")).isEqualTo("UTC");
        assertThat(cell(p, "approval_requested", "email")).containsEntry("enabled", true);
    }

    @Test
    void switchingInAppOffHidesTheNotificationButKeepsOtherChannels() {
        Tenant t = Fixture.tenant();
        t.owner().api().body(Map.of("preferences", Map.of("ai_budget_threshold", Map.of("in_app", false),
                "integration_delivery_dead", Map.of("in_app", false)))).put(PATH).then().statusCode(200);
        Events.publish(new IntegrationDeliveryDead(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(),
                t.orgId(), "git", "git.commit", null, 6, null, "boom", Instant.now()));
        Events.publish(new AiBudgetThresholdReached(t.orgId(), "2026-12", 100, 10, 10, Instant.now()));
        t.admin().await("ai_budget_threshold", 1);
        t.admin().await("integration_delivery_dead", 1);
        // the budget email still goes out, so the row exists but is not in the inbox; no channel left: no row
        org.awaitility.Awaitility.await().atMost(Fixture.WAIT).until(() -> Fixture.count("SELECT count(*) FROM"
                + " notifications WHERE recipient_id = '" + t.owner().id()
                + "' AND type = 'ai_budget_threshold'") == 1);
        assertThat(Fixture.count("SELECT count(*) FROM notifications WHERE recipient_id = '" + t.owner().id()
                + "' AND type = 'integration_delivery_dead'")).isZero();
        assertThat(t.owner().inbox().getList("items")).isEmpty();
    }
}
