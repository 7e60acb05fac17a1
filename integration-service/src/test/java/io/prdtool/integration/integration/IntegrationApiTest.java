package io.prdtool.integration.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.integration.support.Fixture;
import io.prdtool.integration.support.Fixture.Tenant;
import io.prdtool.integration.support.Services;
import io.prdtool.integration.support.StandIn;
import io.prdtool.shared.events.Topics;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class IntegrationApiTest {

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

    static Map<String, Object> webhook(String name, String url) {
        return Map.of("type", "webhook", "name", name, "settings", Map.of("url", url));
    }

    @Test
    void aWebhookSecretIsGeneratedShownOnceAndNeverReturnedOrLoggedAgain() throws Exception {
        Tenant t = tenant();
        var created = t.admin().api().body(webhook("ci", standIn().url("/hooks/api-" + UUID.randomUUID())))
                .post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/integrations/"))
                .body("type", equalTo("webhook")).body("enabled", equalTo(true))
                .body("secret.set", equalTo(true)).body("secret.last4", notNullValue())
                .extract().asString();
        String secret = new JsonObject(created).getString("generatedSecret");
        String id = new JsonObject(created).getString("id");
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);

        String again = t.admin().api().get("/api/v1/integrations/" + id).then().statusCode(200)
                .body("generatedSecret", nullValue()).extract().asString();
        String list = t.owner().api().get("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(200)
                .extract().asString();
        assertThat(again).doesNotContain(secret.substring(6, 30));
        assertThat(list).doesNotContain(secret.substring(6, 30));
        assertThat(Fixture.text("SELECT ciphertext FROM integration_secrets WHERE integration_id = '" + id + "'"))
                .isNotNull().doesNotContain(secret.substring(6, 30));
        assertThat(Files.readString(Path.of("target/integration-service-test.log"))).doesNotContain(secret);
    }

    @Test
    void chatCredentialsAreWriteOnlyAndMembersSeeNoSettings() throws Exception {
        Tenant t = tenant();
        String hook = standIn().url("/services/T0001/B0001/" + UUID.randomUUID().toString().replace("-", ""));
        String body = t.owner().api().body(Map.of("type", "slack", "name", "#product-" + UUID.randomUUID(),
                "settings", Map.of("events", List.of("PrdApproved")), "secret", hook))
                .post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(201)
                .body("settings.mode", equalTo("webhook")).body("secret.set", equalTo(true))
                .body("secret.last4", equalTo(hook.substring(hook.length() - 4)))
                .extract().asString();
        String id = new JsonObject(body).getString("id");
        String key = hook.substring(hook.lastIndexOf('/') + 1);
        assertThat(body).doesNotContain(key);
        String asMember = t.member().api().get("/api/v1/integrations/" + id).then().statusCode(200)
                .body("settings", nullValue()).body("secret", nullValue()).extract().asString();
        assertThat(asMember).doesNotContain(key);
        t.member().api().get("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(200)
                .body("items.id", hasItem(id));
        assertThat(Files.readString(Path.of("target/integration-service-test.log"))).doesNotContain(key);
    }

    @Test
    void privateLoopbackAndNonHttpsTargetsAreRefusedAndNothingIsStored() {
        Tenant t = tenant();
        long before = Fixture.count("SELECT count(*) FROM integrations WHERE organization_id = '" + t.orgId() + "'");
        for (String url : List.of("https://127.0.0.1/hook", "https://169.254.169.254/latest/meta-data",
                "https://10.1.2.3/hook", "https://[::1]/hook", "http://example.com/hook", "file:///etc/passwd",
                "https://user:pw@example.com/hook")) {
            t.admin().api().body(webhook("private " + UUID.randomUUID(), url))
                    .post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("settings.url"));
        }
        // a Slack webhook must be on Slack's host, a Teams one on Microsoft's
        t.admin().api().body(Map.of("type", "slack", "name", "evil", "secret",
                "https://evil.example.com/services/T/B/x")).post("/api/v1/orgs/" + t.orgId() + "/integrations")
                .then().statusCode(400).body("errors.field", hasItem("secret"));
        t.admin().api().body(Map.of("type", "teams", "name", "evil", "secret",
                "https://evil.example.com/workflows/x?sig=abc")).post("/api/v1/orgs/" + t.orgId() + "/integrations")
                .then().statusCode(400).body("errors.field", hasItem("secret"));
        t.admin().api().body(Map.of("type", "git", "name", "local", "settings", Map.of("repoUrl",
                "file:///srv/repo.git"), "secret", "ghp_0123456789")).post("/api/v1/orgs/" + t.orgId()
                        + "/integrations")
                .then().statusCode(400).body("errors.field", hasItem("settings.repoUrl"));
        assertThat(Fixture.count("SELECT count(*) FROM integrations WHERE organization_id = '" + t.orgId() + "'"))
                .isEqualTo(before);
    }

    @Test
    void unknownTypesAndFieldsAreRefused() {
        Tenant t = tenant();
        String base = "/api/v1/orgs/" + t.orgId() + "/integrations";
        t.admin().api().body(Map.of("type", "fax", "name", "x")).post(base).then().statusCode(400)
                .body("allowed", hasItem("webhook"));
        t.admin().api().body(Map.of("type", "webhook", "name", "x", "settings", Map.of("url",
                "https://example.com/hook", "colour", "red"))).post(base).then().statusCode(400)
                .body("errors.field", hasItem("settings.colour"));
        t.admin().api().body(Map.of("type", "webhook", "name", "x", "config", Map.of())).post(base).then()
                .statusCode(400);
        t.admin().api().body(Map.of("type", "webhook", "name", "x", "settings", Map.of("url",
                "https://example.com/hook", "events", List.of("PrdExploded")))).post(base).then().statusCode(400)
                .body("errors.field", hasItem("settings.events"));
        t.admin().api().body(Map.of("type", "slack", "name", "bot", "settings", Map.of("mode", "bot", "channel",
                "C0123"), "secret", "not-a-bot-token")).post(base).then().statusCode(400)
                .body("errors.field", hasItem("secret"));
    }

    @Test
    void onlyOwnersAndAdminsManageViewersAndOutsidersSeeNothing() {
        Tenant t = tenant();
        String base = "/api/v1/orgs/" + t.orgId() + "/integrations";
        var create = webhook("roles-" + UUID.randomUUID(), "https://example.com/hook");
        t.member().api().body(create).post(base).then().statusCode(403).contentType("application/problem+json");
        t.viewer().api().body(create).post(base).then().statusCode(403);
        t.viewer().api().get(base).then().statusCode(403);
        t.outsider().api().get(base).then().statusCode(404);
        t.outsider().api().body(create).post(base).then().statusCode(404);
        String id = t.admin().api().body(create).post(base).then().statusCode(201).extract().path("id");
        t.member().api().get("/api/v1/integrations/" + id).then().statusCode(200);
        t.member().api().body(Map.of("name", "renamed")).patch("/api/v1/integrations/" + id).then().statusCode(403);
        t.member().api().post("/api/v1/integrations/" + id + "/disable").then().statusCode(403);
        t.member().api().get("/api/v1/integrations/" + id + "/deliveries").then().statusCode(403);
        t.viewer().api().get("/api/v1/integrations/" + id).then().statusCode(403);
        // another organization's integration does not exist for the outsider, whatever they try
        t.outsider().api().get("/api/v1/integrations/" + id).then().statusCode(404);
        t.outsider().api().body(Map.of("name", "mine")).patch("/api/v1/integrations/" + id).then().statusCode(404);
        t.outsider().api().delete("/api/v1/integrations/" + id).then().statusCode(404);
        t.outsider().api().get("/api/v1/integrations/" + id + "/deliveries").then().statusCode(404);
        t.owner().api().body(Map.of("name", "renamed", "settings", Map.of("events", List.of("PrdApproved"))))
                .patch("/api/v1/integrations/" + id).then().statusCode(200).body("name", equalTo("renamed"))
                .body("settings.events", equalTo(List.of("PrdApproved")))
                .body("settings.url", equalTo("https://example.com/hook"));
        t.owner().api().delete("/api/v1/integrations/" + id).then().statusCode(204);
        t.owner().api().get("/api/v1/integrations/" + id).then().statusCode(404);
    }

    @Test
    void severalIntegrationsOfOneTypeNeedDistinctNames() {
        Tenant t = tenant();
        String base = "/api/v1/orgs/" + t.orgId() + "/integrations";
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        for (String channel : List.of("#product-" + suffix, "#eng-" + suffix)) {
            t.admin().api().body(Map.of("type", "slack", "name", channel, "secret",
                    standIn().url("/services/T1/B1/" + UUID.randomUUID()))).post(base).then().statusCode(201);
        }
        t.admin().api().body(Map.of("type", "slack", "name", "#eng-" + suffix, "secret",
                standIn().url("/services/T1/B1/x" + UUID.randomUUID()))).post(base).then().statusCode(409);
    }

    @Test
    void disablingAndEnablingAreAnnouncedAndResetHealth() {
        Tenant t = tenant();
        String id = t.admin().api().body(webhook("toggle-" + UUID.randomUUID(), "https://example.com/hook"))
                .post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(201).extract().path("id");
        t.admin().api().post("/api/v1/integrations/" + id + "/disable").then().statusCode(200)
                .body("enabled", equalTo(false)).body("health.disabledReason", equalTo("manual"));
        // disabling twice announces once
        t.admin().api().post("/api/v1/integrations/" + id + "/disable").then().statusCode(200);
        var events = TopicProbe.read(Topics.INTEGRATION, r -> id.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(events).hasSize(1);
        JsonObject disabled = new JsonObject(new String(events.get(0).value()));
        assertThat(disabled.getString("reason")).isEqualTo("manual");
        assertThat(disabled.getString("actorId")).isEqualTo(t.admin().id().toString());
        assertThat(TopicProbe.header(events.get(0), "ce_type")).isEqualTo("io.prdtool.IntegrationDisabled");
        t.admin().api().post("/api/v1/integrations/" + id + "/enable").then().statusCode(200)
                .body("enabled", equalTo(true)).body("health.disabledReason", nullValue())
                .body("health.consecutiveFailures", equalTo(0));
    }

    @Test
    void connectionTestsCallTheTarget() {
        Tenant t = tenant();
        String base = "/api/v1/orgs/" + t.orgId() + "/integrations";
        String path = standIn().freshPath("/hooks/test-");
        String webhook = t.admin().api().body(webhook("ping-" + UUID.randomUUID(), standIn().url(path))).post(base)
                .then().statusCode(201).extract().path("id");
        t.admin().api().post("/api/v1/integrations/" + webhook + "/test").then().statusCode(200)
                .body("ok", equalTo(true)).body("status", equalTo(200));
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> standIn().received(path).size() == 1);
        StandIn.Received ping = standIn().received(path).get(0);
        assertThat(ping.header("webhook-signature")).startsWith("v1,");
        assertThat(ping.json().getString("type")).isEqualTo("io.prdtool.Ping");

        String bot = t.admin().api().body(Map.of("type", "slack", "name", "bot-" + UUID.randomUUID(), "settings",
                Map.of("mode", "bot", "channel", "C0TEST"), "secret", "xoxb-1234567890-abcdefghij"))
                .post(base).then().statusCode(201).extract().path("id");
        t.admin().api().post("/api/v1/integrations/" + bot + "/test").then().statusCode(200)
                .body("ok", equalTo(true));
        assertThat(standIn().slackSpecViolations()).isEmpty();

        String craft = t.admin().api().body(Map.of("type", "craft", "name", "craft-" + UUID.randomUUID(),
                "settings", Map.of(), "secret", "http://localhost:1/links/AbCdEf123456/api/v1"))
                .post(base).then().statusCode(201).extract().path("id");
        // every type has its adapter now: a Craft link that does not answer is a failed test, not a 501
        t.admin().api().post("/api/v1/integrations/" + craft + "/test").then().statusCode(200)
                .body("ok", equalTo(false));
        t.member().api().post("/api/v1/integrations/" + craft + "/test").then().statusCode(403);
    }
}
