package io.prdtool.integration.confluence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.http.HttpAuth;
import io.prdtool.integration.http.HttpCall;
import io.prdtool.integration.http.HttpResult;
import io.prdtool.integration.http.HttpTransport;
import io.prdtool.integration.standin.ConfluenceStandIn;
import io.prdtool.integration.standin.VendorStandIn;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

class ConfluenceClientTest {

    static final String TOKEN = "ATATT3xFfGF0-confluence-secret";
    static final HttpAuth AUTH = new HttpAuth.Basic("bot@example.com", TOKEN);
    static final Duration WAIT = Duration.ofSeconds(15);

    static Vertx vertx;
    ConfluenceStandIn confluence;
    HttpTransport http;
    ConfluenceClient client;
    ConfluenceSite site;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void start() {
        confluence = new ConfluenceStandIn(vertx, AUTH.headerValue()).start();
        http = new HttpTransport(vertx, new HttpTransport.Settings(true, Duration.ofSeconds(2), Duration.ofSeconds(2),
                1024 * 1024));
        client = new ConfluenceClient(http);
        site = new ConfluenceSite(confluence.baseUrl(), AUTH);
    }

    @AfterEach
    void stop() {
        try {
            assertThat(confluence.violations()).as("requests the Confluence spec rejects").isEmpty();
        } finally {
            http.close();
            confluence.close();
        }
    }

    static String sample() throws IOException {
        try (InputStream in = ConfluenceClientTest.class.getResourceAsStream("/markdown/prd-sample.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    static DeliveryException failure(Uni<?> uni) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> uni.await().atMost(WAIT)).isInstanceOfSatisfying(DeliveryException.class,
                e -> caught[0] = e);
        DeliveryException e = (DeliveryException) caught[0];
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        if (e.responseExcerpt() != null) {
            assertThat(e.responseExcerpt()).doesNotContain(TOKEN);
        }
        return e;
    }

    ConfluencePage create(String title) {
        return await(client.createPage(site, ConfluenceStandIn.SPACE_ID, null, title, "<p>" + title + "</p>"));
    }

    @Test
    void spaceKeyResolvesToItsId() {
        assertThat(await(client.spaceIdForKey(site, ConfluenceStandIn.SPACE_KEY)))
                .isEqualTo(ConfluenceStandIn.SPACE_ID);
    }

    @Test
    void unknownSpaceIsGone() {
        DeliveryException e = failure(client.spaceIdForKey(site, "NOPE"));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.GONE);
    }

    @Test
    void createsThePrdPageUnderAParentAndFindsItByTitle() throws IOException {
        ConfluencePage parent = create("Product requirements");

        ConfluencePage page = await(client.createPage(site, ConfluenceStandIn.SPACE_ID, parent.id(),
                "PRD: Offline export", StorageFormat.toStorage(sample())));
        Optional<ConfluencePage> found = await(client.findPage(site, ConfluenceStandIn.SPACE_ID,
                "PRD: Offline export"));

        assertThat(page.version()).isEqualTo(1);
        assertThat(page.parentId()).isEqualTo(parent.id());
        assertThat(found).contains(page);
        assertThat(await(client.findPage(site, ConfluenceStandIn.SPACE_ID, "PRD: other"))).isEmpty();
        assertThat(confluence.page(page.id()).storage).contains("ac:structured-macro");
    }

    @Test
    void updateWritesTheNextVersionWithItsMessage() {
        ConfluencePage page = create("PRD: A");
        int current = await(client.getPage(site, page.id())).version();

        ConfluencePage updated = await(client.updatePage(site, page.id(), "PRD: A", "<p>v2</p>", current + 1,
                "v1.1.0: export to PDF"));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(confluence.page(page.id()).message).isEqualTo("v1.1.0: export to PDF");
        assertThat(confluence.page(page.id()).storage).isEqualTo("<p>v2</p>");
    }

    @Test
    void staleVersionIsRetriedOnceWithTheCurrentOne() {
        ConfluencePage page = create("PRD: B");
        confluence.editByHand(page.id(), "<p>edited in Confluence</p>");

        ConfluencePage updated = await(client.updatePage(site, page.id(), "PRD: B", "<p>from the PRD</p>", 2,
                "v1.2.0"));

        assertThat(updated.version()).isEqualTo(3);
        assertThat(confluence.page(page.id()).storage).isEqualTo("<p>from the PRD</p>");
        assertThat(confluence.received()).filteredOn(r -> r.method().equals("PUT")).hasSize(2);
    }

    @Test
    void secondConflictIsTerminal() {
        ConfluencePage page = create("PRD: C");
        confluence.failNext("PUT", "/wiki/api/v2/pages/\\d+", VendorStandIn.Status.of(409));
        confluence.failNext("PUT", "/wiki/api/v2/pages/\\d+", VendorStandIn.Status.of(409));

        DeliveryException e = failure(client.updatePage(site, page.id(), "PRD: C", "<p>x</p>", 2, null));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TERMINAL);
        assertThat(e.status()).isEqualTo(409);
        assertThat(confluence.page(page.id()).version).isEqualTo(1);
    }

    @Test
    void timeoutAfterCreateIsFoundByTitleSoNoSecondPage() {
        confluence.failNext("POST", "/wiki/api/v2/pages", new VendorStandIn.CommitThenDelay(Duration.ofSeconds(4)));

        DeliveryException e = failure(client.createPage(site, ConfluenceStandIn.SPACE_ID, null, "PRD: D", "<p/>"));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        Optional<ConfluencePage> found = await(client.findPage(site, ConfluenceStandIn.SPACE_ID, "PRD: D"));
        assertThat(found).isPresent();
        // creating blindly again is refused (titles are unique per space), so the look-up is the way on
        DeliveryException again = failure(client.createPage(site, ConfluenceStandIn.SPACE_ID, null, "PRD: D",
                "<p/>"));
        assertThat(again.kind()).isEqualTo(DeliveryException.Kind.TERMINAL);
        assertThat(confluence.pages()).hasSize(1);
    }

    @Test
    void rateLimitAndUnavailableAreRetryable() {
        confluence.failNext("POST", "/wiki/api/v2/pages", VendorStandIn.Status.retryAfter(429, 30));
        confluence.failNext("GET", "/wiki/api/v2/spaces", VendorStandIn.Status.of(503));

        DeliveryException limited = failure(client.createPage(site, ConfluenceStandIn.SPACE_ID, null, "PRD: E",
                "<p/>"));
        DeliveryException unavailable = failure(client.spaceIdForKey(site, ConfluenceStandIn.SPACE_KEY));

        assertThat(limited.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(unavailable.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        assertThat(confluence.pages()).isEmpty();
    }

    @Test
    void revokedTokenIsAuthAndRemovedApiIsGone() {
        ConfluenceSite wrong = new ConfluenceSite(confluence.baseUrl(), new HttpAuth.Basic("bot@example.com", "x"));
        confluence.failNext("GET", "/wiki/api/v2/spaces", VendorStandIn.Status.of(410));

        assertThat(failure(client.spaceIdForKey(wrong, "ENG")).kind()).isEqualTo(DeliveryException.Kind.AUTH);
        assertThat(failure(client.spaceIdForKey(site, "ENG")).kind()).isEqualTo(DeliveryException.Kind.GONE);
    }

    @Test
    void redirectIsNeverFollowed() {
        confluence.failNext("GET", "/wiki/api/v2/pages/\\d+",
                new VendorStandIn.Redirect("http://127.0.0.1:1/latest"));
        ConfluencePage page = create("PRD: F");

        DeliveryException e = failure(client.getPage(site, page.id()));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TERMINAL);
        assertThat(e.status()).isEqualTo(302);
    }

    @Test
    void provenancePropertyIsCreatedThenVersioned() {
        ConfluencePage page = create("PRD: G");
        ObjectNode v1 = JsonNodeFactory.instance.objectNode().put("prdId", "p-1").put("version", "1.0.0");
        ObjectNode v2 = JsonNodeFactory.instance.objectNode().put("prdId", "p-1").put("version", "1.1.0");

        PageProperty first = await(client.setProperty(site, page.id(), "prdtool", v1));
        PageProperty second = await(client.setProperty(site, page.id(), "prdtool", v2));

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(await(client.getProperty(site, page.id(), "prdtool"))).map(PageProperty::value).contains(v2);
        assertThat(await(client.getProperty(site, page.id(), "other"))).isEmpty();
    }

    @Test
    void standInStillFlagsABodyMatchingNeitherSchemaAndBrokenXhtml() {
        String url = confluence.baseUrl() + "/wiki/api/v2/pages";
        HttpCall notABody = HttpCall.json("raw", "POST", url,
                "{\"spaceId\":\"98305\",\"status\":\"current\",\"title\":\"x\",\"body\":\"<p>x</p>\"}").auth(AUTH);
        HttpCall brokenXhtml = HttpCall.json("raw", "POST", url, "{\"spaceId\":\"98305\",\"status\":\"current\","
                + "\"title\":\"y\",\"body\":{\"representation\":\"storage\",\"value\":\"<p>a<br>b</p>\"}}").auth(AUTH);

        await(http.send(notABody));
        HttpResult broken = await(http.send(brokenXhtml));

        assertThat(broken.status()).isEqualTo(400);
        assertThat(confluence.violations()).anyMatch(v -> v.contains("validation.request.body.schema.oneOf"));
        assertThat(confluence.violations()).anyMatch(v -> v.contains("not well-formed storage format"));
        assertThat(confluence.pages()).isEmpty();
        confluence.clearLog();
    }
}
