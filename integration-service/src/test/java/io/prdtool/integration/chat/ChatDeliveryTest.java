package io.prdtool.integration.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.integration.support.Events;
import io.prdtool.integration.support.Fixture;
import io.prdtool.integration.support.Fixture.Tenant;
import io.prdtool.integration.support.Services;
import io.prdtool.integration.support.StandIn;
import io.prdtool.integration.support.StandIn.Received;
import io.prdtool.integration.support.StandIn.Reply;
import io.prdtool.shared.events.notification.NotificationCreated;
import io.prdtool.shared.events.prd.PrdApproved;
import io.prdtool.shared.events.prd.PrdCreated;
import io.prdtool.shared.events.prd.PrdVersionCreated;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Slack, Mattermost and Teams against stand-ins that speak their wire formats (Slack's Web API requests are checked
 * against Slack's published spec), with the failures each vendor really answers.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class ChatDeliveryTest {

    private static Tenant tenant;

    static synchronized Tenant tenant() {
        if (tenant == null) {
            tenant = Fixture.tenant();
        }
        return tenant;
    }

    static StandIn standIn() {
        return Services.standIn();
    }

    static String create(Tenant t, String type, Map<String, Object> settings, String secret) {
        return t.admin().api().body(Map.of("type", type, "name", type + "-" + UUID.randomUUID(), "settings", settings,
                "secret", secret)).post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(201)
                .extract().path("id");
    }

    static JsonObject onlyDelivery(Tenant t, String integration) {
        var items = new JsonObject(t.admin().api().get("/api/v1/integrations/" + integration + "/deliveries").then()
                .statusCode(200).extract().asString()).getJsonArray("items");
        assertThat(items).hasSize(1);
        return items.getJsonObject(0);
    }

    static String status(Tenant t, String integration) {
        return onlyDelivery(t, integration).getString("status");
    }

    static UUID approved(Tenant t, UUID project, String title) {
        UUID prd = UUID.randomUUID();
        Events.publish(UUID.randomUUID(), new PrdCreated(prd, t.orgId(), project, title, "slug-" + prd, "draft",
                "0.1.0", null, "abc", null, List.of()), "prd-service");
        Events.publish(UUID.randomUUID(), new PrdApproved(prd, t.orgId(), project, UUID.randomUUID(), Instant.now(),
                "abc", "1.0.0"), "prd-service");
        return prd;
    }

    static void version(Tenant t, UUID project) {
        Events.publish(UUID.randomUUID(), new PrdVersionCreated(UUID.randomUUID(), t.orgId(), project,
                UUID.randomUUID(), "1.1.0", "1.0.0", "minor", "Adds refunds", null, "abc", null, "Refunds", "refunds",
                "in_review", "# Refunds\n", 10), "prd-service");
    }

    @Test
    void aSlackIncomingWebhookGetsBlockKitWithAnEscapedPlainFallbackAndItsKeyNeverShows() {
        Tenant t = tenant();
        UUID project = UUID.randomUUID();
        String path = standIn().freshPath("/services/T0001/B0001/key");
        String id = create(t, "slack", Map.of("events", List.of("PrdApproved"), "projectIds", List.of(project)),
                standIn().url(path));
        UUID prd = approved(t, project, "Pay & go <fast>");
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "delivered".equals(status(t, id)));
        List<Received> got = standIn().received(path);
        assertThat(got).hasSize(1);
        JsonObject body = got.get(0).json();
        assertThat(body.getString("text")).startsWith("\"Pay & go <fast>\" was approved");
        String mrkdwn = body.getJsonArray("blocks").getJsonObject(0).getJsonObject("text").getString("text");
        assertThat(mrkdwn).isEqualTo("*\"Pay &amp; go &lt;fast&gt;\" was approved*\nVersion 1.0.0");
        assertThat(body.getJsonArray("blocks").getJsonObject(1).encode()).contains("/prds/" + prd + "|Open the PRD>");
        String detail = t.admin().api().get("/api/v1/deliveries/" + onlyDelivery(t, id).getString("id")).then()
                .statusCode(200).extract().asString();
        assertThat(detail).contains("/***").doesNotContain(path.substring(path.lastIndexOf('/') + 1));
    }

    @Test
    void aSlackBotPostsThroughTheWebApiAsSlacksSpecSaysAndRateLimitsAreWaitedOut() {
        Tenant t = tenant();
        UUID project = UUID.randomUUID();
        String id = create(t, "slack", Map.of("mode", "bot", "channel", "C0PRODUCT", "events",
                List.of("PrdVersionCreated"), "projectIds", List.of(project)), "xoxb-1111111111-aaaaaaaaaaaa");
        standIn().script("/slack/api/chat.postMessage", Reply.json(200, "{\"ok\":false,\"error\":\"ratelimited\"}"));
        version(t, project);
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "delivered".equals(status(t, id)));
        List<Received> posts = standIn().received("/slack/api/chat.postMessage").stream()
                .filter(r -> "C0PRODUCT".equals(r.json().getString("channel"))).toList();
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1).header("authorization")).isEqualTo("Bearer xoxb-1111111111-aaaaaaaaaaaa");
        assertThat(posts.get(1).json().getString("text")).contains("\"Refunds\" has a new version 1.1.0");
        assertThat(onlyDelivery(t, id).getString("externalId")).startsWith("C0PRODUCT:");
        assertThat(standIn().slackSpecViolations()).isEmpty();
        assertThat(onlyDelivery(t, id).encode()).doesNotContain("aaaaaaaaaaaa");
    }

    @Test
    void anArchivedSlackChannelDisablesTheIntegration() {
        Tenant t = tenant();
        UUID project = UUID.randomUUID();
        String id = create(t, "slack", Map.of("mode", "bot", "channel", "C0ARCHIVED", "events",
                List.of("PrdVersionCreated"), "projectIds", List.of(project)), "xoxb-2222222222-bbbbbbbbbbbb");
        standIn().script("/slack/api/chat.postMessage", Reply.json(200,
                "{\"ok\":false,\"error\":\"is_archived\"}"));
        version(t, project);
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "failed".equals(status(t, id)));
        t.admin().api().get("/api/v1/integrations/" + id).then().statusCode(200).body("enabled", equalTo(false))
                .body("health.disabledReason", equalTo("gone"))
                .body("health.lastError", equalTo("Slack chat.postMessage failed: is_archived"));
    }

    @Test
    void aChatNotificationBecomesADirectMessageNotBeforeTheQuietHoursEnd() {
        Tenant t = tenant();
        String id = create(t, "slack", Map.of("mode", "bot", "channel", "C0DM", "personalNotifications", true,
                "projectIds", List.of(UUID.randomUUID())), "xoxb-3333333333-cccccccccccc");
        String email = "dm-" + UUID.randomUUID() + "@example.com";
        Instant notBefore = Instant.now().plusSeconds(2);
        Events.publish(UUID.randomUUID(), new NotificationCreated(UUID.randomUUID(), t.orgId(), UUID.randomUUID(),
                email, "Dee", "approval_requested", UUID.randomUUID(), "Refunds", "Your approval is requested",
                "Ann asks you to approve \"Refunds\"", "https://app.example.com/prds/x", UUID.randomUUID(),
                UUID.randomUUID(), true, notBefore, Instant.now()), "notification-service");
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "delivered".equals(status(t, id)));
        Received lookup = standIn().received("/slack/api/users.lookupByEmail").stream()
                .filter(r -> r.query() != null && r.query().contains(email.substring(0, 12))).findFirst().orElseThrow();
        assertThat(lookup.at()).isAfterOrEqualTo(notBefore.minusMillis(50));
        Received dm = standIn().received("/slack/api/chat.postMessage").stream()
                .filter(r -> r.json().getString("text").startsWith("Your approval is requested")
                        && r.at().isAfter(lookup.at().minusMillis(1)))
                .findFirst().orElseThrow();
        assertThat(dm.json().getString("channel")).isEqualTo("U0TESTUSER");
        assertThat(standIn().slackSpecViolations()).isEmpty();
    }

    @Test
    void mattermostWebhookMessagesAndBotDirectMessages() {
        Tenant t = tenant();
        UUID project = UUID.randomUUID();
        String hookPath = standIn().freshPath("/mm/hooks/");
        String hook = create(t, "mattermost", Map.of("username", "PRD Tool", "events", List.of("PrdVersionCreated"),
                "projectIds", List.of(project)), standIn().url(hookPath));
        version(t, project);
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "delivered".equals(status(t, hook)));
        JsonObject message = standIn().received(hookPath).get(0).json();
        assertThat(message.getString("text")).startsWith("**\"Refunds\" has a new version 1.1.0**");
        assertThat(message.getString("username")).isEqualTo("PRD Tool");
        assertThat(message.getJsonObject("props").getJsonObject("prdtool").getString("deliveryId"))
                .isEqualTo(onlyDelivery(t, hook).getString("id"));

        String bot = create(t, "mattermost", Map.of("mode", "bot", "baseUrl", standIn().url("/mm"), "channelId",
                "town-square", "personalNotifications", true, "projectIds", List.of(UUID.randomUUID())),
                "mm-personal-access-token-1");
        String email = "mm-" + UUID.randomUUID() + "@example.com";
        Events.publish(UUID.randomUUID(), new NotificationCreated(UUID.randomUUID(), t.orgId(), UUID.randomUUID(),
                email, "Em", "prd_approved", null, null, "Refunds was approved", null, null, null, UUID.randomUUID(),
                true, null, Instant.now()), "notification-service");
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "delivered".equals(status(t, bot)));
        assertThat(standIn().receivedUnder("/mm/api/v4/users/email/"))
                .anyMatch(r -> java.net.URLDecoder.decode(r.path(),
                        java.nio.charset.StandardCharsets.UTF_8).endsWith(email));
        Received post = standIn().received("/mm/api/v4/posts").stream()
                .filter(r -> r.json().getString("message").contains("Refunds was approved")).findFirst().orElseThrow();
        assertThat(post.json().getString("channel_id")).isEqualTo("mmdm1");
        assertThat(post.header("authorization")).isEqualTo("Bearer mm-personal-access-token-1");
    }

    @Test
    void teamsGetsAnAdaptiveCardThroughItsWorkflowWebhook() {
        Tenant t = tenant();
        UUID project = UUID.randomUUID();
        String path = standIn().freshPath("/teams/workflows/");
        String id = create(t, "teams", Map.of("events", List.of("PrdApproved"), "projectIds", List.of(project)),
                standIn().url(path) + "?api-version=1&sig=topsecretsig");
        approved(t, project, "Teams PRD");
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "delivered".equals(status(t, id)));
        JsonObject message = standIn().received(path).get(0).json();
        assertThat(message.getString("type")).isEqualTo("message");
        JsonObject attachment = message.getJsonArray("attachments").getJsonObject(0);
        assertThat(attachment.getString("contentType")).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonObject card = attachment.getJsonObject("content");
        assertThat(card.getString("type")).isEqualTo("AdaptiveCard");
        assertThat(card.getString("version")).isEqualTo("1.4");
        assertThat(card.getJsonArray("body").getJsonObject(0).getString("text")).isEqualTo(
                "\"Teams PRD\" was approved");
        assertThat(card.getJsonArray("actions").getJsonObject(0).getString("type")).isEqualTo("Action.OpenUrl");
        String detail = t.admin().api().get("/api/v1/deliveries/" + onlyDelivery(t, id).getString("id")).then()
                .statusCode(200).extract().asString();
        assertThat(detail).doesNotContain("topsecretsig").contains("sig=***");
        // no direct messages through a Workflows webhook
        t.admin().api().body(Map.of("settings", Map.of("personalNotifications", true)))
                .patch("/api/v1/integrations/" + id).then().statusCode(400);
    }
}
