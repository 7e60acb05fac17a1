package io.prdtool.integration.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

import io.prdtool.integration.support.Events;
import io.prdtool.integration.support.Fixture;
import io.prdtool.integration.support.Fixture.Tenant;
import io.prdtool.integration.support.Services;
import io.prdtool.integration.support.StandIn;
import io.prdtool.integration.support.StandIn.Received;
import io.prdtool.integration.support.StandIn.Reply;
import io.prdtool.shared.events.Topics;
import io.prdtool.shared.events.prd.PrdVersionCreated;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Outgoing signed webhooks end to end: an event on Kafka, a delivery recorded once, the receiver (a stand-in that
 * injects faults) getting it exactly once per delivery id, verifiable with the reference Standard Webhooks library.
 * Every fault test checks 0 duplicates (one webhook-id, one body) and 0 lost (delivered, or failed/dead with an event).
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
@QuarkusTestResource(Services.class)
class WebhookDeliveryTest {

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

    /** A webhook for one project only (so tests never see each other's events); emits id and signing secret. */
    record Hook(String id, String secret, String path, UUID projectId) {
    }

    static Hook hook(Tenant t, UUID projectId, List<String> events) {
        String path = standIn().freshPath("/hooks/wh-");
        JsonObject created = new JsonObject(t.admin().api().body(Map.of("type", "webhook", "name", "hook " + path,
                "settings", Map.of("url", standIn().url(path), "projectIds", List.of(projectId.toString()),
                        "events", events)))
                .post("/api/v1/orgs/" + t.orgId() + "/integrations").then().statusCode(201).extract().asString());
        return new Hook(created.getString("id"), created.getString("generatedSecret"), path, projectId);
    }

    static Hook hook(Tenant t) {
        return hook(t, UUID.randomUUID(), List.of("PrdVersionCreated", "PrdApproved"));
    }

    static UUID version(Tenant t, Hook hook, String version) {
        UUID eventId = UUID.randomUUID();
        Events.publish(eventId, new PrdVersionCreated(UUID.randomUUID(), t.orgId(), hook.projectId(),
                UUID.randomUUID(), version, null, "minor", "Checkout flow", null, "c0ffee", null, "Checkout PRD",
                "checkout-prd", "draft", "# Checkout\n\nPay & go <fast>.\n", 31), "prd-service");
        return eventId;
    }

    static JsonObject onlyDelivery(Tenant t, Hook hook) {
        var items = new JsonObject(t.admin().api().get("/api/v1/integrations/" + hook.id() + "/deliveries").then()
                .statusCode(200).extract().asString()).getJsonArray("items");
        assertThat(items).hasSize(1);
        return items.getJsonObject(0);
    }

    static String status(Tenant t, Hook hook) {
        return onlyDelivery(t, hook).getString("status");
    }

    static void assertOneMessage(List<Received> received) {
        assertThat(received).isNotEmpty();
        assertThat(received.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        assertThat(received.stream().map(Received::body).distinct()).hasSize(1);
    }

    static void verify(Received r, String secret) throws Exception {
        new Webhook(secret).verify(r.body(), Map.of("webhook-id", List.of(r.header("webhook-id")),
                "webhook-timestamp", List.of(r.header("webhook-timestamp")),
                "webhook-signature", List.of(r.header("webhook-signature"))));
    }

    @Test
    void aVersionMadeInPrdServiceArrivesOnceSignedEvenWhenItsEventIsRedelivered() throws Exception {
        Tenant t = tenant();
        Hook hook = hook(t, t.projectId(), List.of("PrdVersionCreated"));
        UUID prd = t.prd("Checkout", "# Checkout\n\nPay in one step.\n");
        // a new PRD has its first version already; this is its second
        String version = t.member().prd().body(Map.of("bump", "minor", "changelog", "First cut"))
                .post("/api/v1/prds/" + prd + "/versions").then().statusCode(201).extract().path("version");
        await().atMost(Fixture.WAIT).until(() -> standIn().received(hook.path()).size() >= 2);
        Received mine = standIn().received(hook.path()).stream()
                .filter(r -> version.equals(r.json().getJsonObject("data").getString("version"))).findFirst()
                .orElseThrow();
        verify(mine, hook.secret());
        JsonObject body = mine.json();
        assertThat(body.getString("type")).isEqualTo("io.prdtool.PrdVersionCreated");
        assertThat(body.getString("subject")).isEqualTo(prd.toString());
        assertThat(body.getJsonObject("data").getString("markdown")).contains("Pay in one step.");
        assertThat(body.getJsonObject("prd").getString("link")).endsWith("/prds/" + prd);

        // Kafka redelivers the very same records (same CloudEvents ids): nothing new is recorded or sent
        var originals = TopicProbe.read(Topics.PRD, r -> prd.toString().equals(r.key())
                && "io.prdtool.PrdVersionCreated".equals(TopicProbe.header(r, "ce_type")), 2, Duration.ofSeconds(30));
        assertThat(originals).hasSize(2);
        originals.forEach(Events::republish);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> standIn().received(hook.path()).size() == 2);
        assertThat(standIn().received(hook.path()).stream().map(r -> r.header("webhook-id")).distinct()).hasSize(2);
        assertThat(Fixture.count("SELECT count(*) FROM deliveries WHERE integration_id = '" + hook.id()
                + "' AND status = 'delivered'")).isEqualTo(2);
    }

    @Test
    void throttlingAndOutagesAreRetriedHonouringRetryAfterWithoutDuplicates() throws Exception {
        Tenant t = tenant();
        Hook hook = hook(t);
        standIn().script(hook.path(), Reply.status(429, "Retry-After", "1"), Reply.status(503));
        version(t, hook, "1.1.0");
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "delivered".equals(status(t, hook)));
        List<Received> got = standIn().received(hook.path());
        assertThat(got).hasSize(3);
        assertOneMessage(got);
        verify(got.get(2), hook.secret());
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(
                Duration.ofMillis(950));
        JsonObject delivery = new JsonObject(t.admin().api().get("/api/v1/deliveries/"
                + onlyDelivery(t, hook).getString("id")).then().statusCode(200).extract().asString());
        assertThat(delivery.getInteger("attempts")).isEqualTo(3);
        assertThat(delivery.getJsonArray("attemptLog").stream().map(a -> ((JsonObject) a).getString("outcome")))
                .containsExactly("retryable", "retryable", "delivered");
        assertThat(delivery.getJsonArray("attemptLog").getJsonObject(0).getInteger("statusCode")).isEqualTo(429);
        assertThat(delivery.encode()).doesNotContain(hook.secret().substring(6, 30));
    }

    @Test
    void aTimeoutAfterTheReceiverCommittedIsRetriedWithTheSameIdSoTheReceiverDedupes() throws Exception {
        Tenant t = tenant();
        Hook hook = hook(t);
        standIn().script(hook.path(), Reply.late(3000));
        version(t, hook, "1.2.0");
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "delivered".equals(status(t, hook)));
        List<Received> got = standIn().received(hook.path());
        assertThat(got).hasSize(2);
        assertOneMessage(got);
        verify(got.get(1), hook.secret());
    }

    @Test
    void goneDisablesTheIntegrationAndAnnouncesIt() {
        Tenant t = tenant();
        Hook hook = hook(t);
        standIn().script(hook.path(), Reply.status(410));
        version(t, hook, "2.0.0");
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "failed".equals(status(t, hook)));
        assertThat(standIn().received(hook.path())).hasSize(1);
        t.admin().api().get("/api/v1/integrations/" + hook.id()).then().statusCode(200)
                .body("enabled", equalTo(false)).body("health.disabledReason", equalTo("gone"));
        var events = TopicProbe.read(Topics.INTEGRATION, r -> hook.id().equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(events).extracting(r -> TopicProbe.header(r, "ce_type")).contains("io.prdtool.IntegrationDisabled");
        assertThat(new JsonObject(new String(events.get(0).value())).getString("reason")).isEqualTo("gone");

        // while disabled nothing is sent; re-enabled, a replay goes out
        String delivery = onlyDelivery(t, hook).getString("id");
        t.admin().api().post("/api/v1/integrations/" + hook.id() + "/enable").then().statusCode(200);
        t.admin().api().post("/api/v1/deliveries/" + delivery + "/retry").then().statusCode(200);
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "delivered".equals(status(t, hook)));
        assertOneMessage(standIn().received(hook.path()));
        t.admin().api().post("/api/v1/deliveries/" + delivery + "/retry").then().statusCode(409);
    }

    @Test
    void refusedCredentialsDisableTheIntegration() {
        Tenant t = tenant();
        Hook hook = hook(t);
        standIn().script(hook.path(), Reply.status(401));
        version(t, hook, "2.1.0");
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "failed".equals(status(t, hook)));
        t.admin().api().get("/api/v1/integrations/" + hook.id()).then().statusCode(200)
                .body("enabled", equalTo(false)).body("health.disabledReason", equalTo("auth"));
    }

    @Test
    void aRedirectToAnInternalAddressIsNotFollowed() {
        Tenant t = tenant();
        Hook hook = hook(t);
        String internal = standIn().freshPath("/hooks/internal-");
        standIn().script(hook.path(), Reply.redirect("http://127.0.0.1:" + standIn().port() + internal));
        version(t, hook, "2.2.0");
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "failed".equals(status(t, hook)));
        assertThat(standIn().received(internal)).isEmpty();
        assertThat(standIn().received(hook.path())).hasSize(1);
        assertThat(onlyDelivery(t, hook).getInteger("lastStatus")).isEqualTo(302);
        var dead = TopicProbe.read(Topics.INTEGRATION, r -> hook.id().equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> TopicProbe.header(r, "ce_type"))
                .contains("io.prdtool.IntegrationDeliveryDead");
    }

    @Test
    void aDeliveryIsDeadAfterTheScheduleAnnouncedAndReplayable() {
        Tenant t = tenant();
        Hook hook = hook(t);
        standIn().script(hook.path(), Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
        version(t, hook, "3.0.0");
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "dead".equals(status(t, hook)));
        assertThat(standIn().received(hook.path())).hasSize(4);
        var events = TopicProbe.read(Topics.INTEGRATION, r -> hook.id().equals(r.key()), 1, Duration.ofSeconds(30));
        JsonObject dead = new JsonObject(new String(events.get(0).value()));
        assertThat(dead.getString("action")).isEqualTo("webhook.event");
        assertThat(dead.getInteger("attempts")).isEqualTo(4);
        assertThat(dead.getInteger("lastStatus")).isEqualTo(503);

        String delivery = onlyDelivery(t, hook).getString("id");
        t.admin().api().post("/api/v1/deliveries/" + delivery + "/retry").then().statusCode(200);
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> "delivered".equals(status(t, hook)));
        assertOneMessage(standIn().received(hook.path()));
        t.admin().api().queryParam("status", "delivered").get("/api/v1/integrations/" + hook.id() + "/deliveries")
                .then().statusCode(200).body("items.size()", equalTo(1));
        t.admin().api().queryParam("status", "dead").get("/api/v1/integrations/" + hook.id() + "/deliveries")
                .then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneDuringTheGracePeriod() throws Exception {
        Tenant t = tenant();
        Hook hook = hook(t);
        String rotated = t.admin().api().body(Map.of("rotateSecret", true)).patch("/api/v1/integrations/" + hook.id())
                .then().statusCode(200).extract().path("generatedSecret");
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(hook.secret());
        version(t, hook, "4.0.0");
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> standIn().received(hook.path()).size() == 1);
        Received r = standIn().received(hook.path()).get(0);
        assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
        verify(r, rotated);
        verify(r, hook.secret());
    }

    @Test
    void deliveriesArePagedNewestFirst() {
        Tenant t = tenant();
        Hook hook = hook(t);
        for (String v : List.of("5.0.0", "5.1.0", "5.2.0")) {
            version(t, hook, v);
        }
        await().atMost(Fixture.WAIT).ignoreExceptions().until(() -> standIn().received(hook.path()).size() == 3);
        JsonObject page1 = new JsonObject(t.admin().api().queryParam("limit", 2)
                .get("/api/v1/integrations/" + hook.id() + "/deliveries").then().statusCode(200).extract().asString());
        assertThat(page1.getJsonArray("items")).hasSize(2);
        JsonObject page2 = new JsonObject(t.admin().api().queryParam("limit", 2).queryParam("after",
                page1.getString("next")).get("/api/v1/integrations/" + hook.id() + "/deliveries").then()
                .statusCode(200).extract().asString());
        assertThat(page2.getJsonArray("items")).hasSize(1);
        assertThat(page2.getString("next")).isNull();
        // in order: one delivery in flight per endpoint
        assertThat(standIn().received(hook.path()).stream().map(r -> r.json().getJsonObject("data")
                .getString("version"))).containsExactly("5.0.0", "5.1.0", "5.2.0");
    }

    @Test
    void oneFailingTenantOpensItsCircuitWithoutDelayingAnother() {
        Tenant t = tenant();
        Hook failing = hook(t);
        Hook healthy = hook(t);
        Reply[] outage = new Reply[30];
        java.util.Arrays.fill(outage, Reply.late(2500));
        standIn().script(failing.path(), outage);
        for (String v : List.of("6.0.0", "6.1.0", "6.2.0")) {
            version(t, failing, v);
        }
        version(t, healthy, "6.0.0");
        await().atMost(Duration.ofSeconds(15)).until(() -> standIn().received(healthy.path()).size() == 1);
        await().atMost(Fixture.WAIT).ignoreExceptions()
                .until(() -> !"closed".equals(t.admin().api().get("/api/v1/integrations/"
                        + failing.id()).then().statusCode(200).extract().path("health.circuit")));
    }
}
