package io.prdtool.integration.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.prdtool.integration.delivery.DeliveryException;
import io.prdtool.integration.http.HttpAuth;
import io.prdtool.integration.http.HttpCall;
import io.prdtool.integration.http.HttpResult;
import io.prdtool.integration.http.HttpTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/** {@link HttpTransport} against a bare local server: limits, redirects, refused URLs, redaction. */
class HttpTransportTest {

    static Vertx vertx;
    static HttpServer server;
    static HttpTransport http;
    static final AtomicInteger followed = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            switch (request.path()) {
                case "/big" -> request.response().end("x".repeat(70_000));
                case "/silent" -> {
                    // never answers
                }
                case "/followed" -> {
                    followed.incrementAndGet();
                    request.response().end("followed");
                }
                case "/echo" -> request.body().onSuccess(b -> request.response().putHeader("X-Seen-Host",
                        request.getHeader("Host")).end(b));
                default -> request.response().setStatusCode(Integer.parseInt(request.path().substring(1)))
                        .putHeader("Location", "http://127.0.0.1:" + request.localAddress().port() + "/followed")
                        .end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        http = new HttpTransport(vertx, new HttpTransport.Settings(true, Duration.ofSeconds(2), Duration.ofMillis(700),
                64 * 1024));
    }

    @AfterAll
    static void stop() {
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static String url(String path) {
        return "http://localhost:" + server.actualPort() + path;
    }

    static DeliveryException failure(Uni<?> uni) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> uni.await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> caught[0] = e);
        return (DeliveryException) caught[0];
    }

    @Test
    void sendsBodyAndKeepsTheHostName() {
        HttpResult result = http.send(HttpCall.json("echo", "POST", url("/echo"), "{\"a\":1}"))
                .await().atMost(Duration.ofSeconds(10));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("{\"a\":1}");
        assertThat(result.header("x-seen-host")).isEqualTo("localhost:" + server.actualPort());
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void redirectsAreFailuresAndNeverFollowed(int status) {
        DeliveryException e = failure(http.send(HttpCall.get("redirect", url("/" + status))));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TERMINAL);
        assertThat(e.status()).isEqualTo(status);
        assertThat(followed.get()).isZero();
    }

    @Test
    void answerOverTheLimitIsTerminal() {
        DeliveryException e = failure(http.send(HttpCall.get("big", url("/big"))));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TERMINAL);
        assertThat(e.getMessage()).contains("more than 65536 bytes");
    }

    @Test
    void noAnswerInTimeIsRetryable() {
        DeliveryException e = failure(http.send(HttpCall.get("silent", url("/silent"))));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        assertThat(e.getMessage()).contains("700 ms");
    }

    @Test
    void perCallTimeoutWins() {
        DeliveryException e = failure(http.send(HttpCall.get("silent", url("/silent")).timeout(
                Duration.ofMillis(150))));

        assertThat(e.getMessage()).contains("150 ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://localhost/x", "file:///etc/passwd", "http://user:pw@localhost/", "not a url",
            "http:///nohost", "https://localhost/#frag"})
    void badUrlsAreRefusedBeforeAnyConnection(String bad) {
        DeliveryException e = failure(http.send(HttpCall.get("bad", bad)));

        assertThat(e.kind()).isEqualTo(DeliveryException.Kind.TERMINAL);
        assertThat(e.getMessage()).doesNotContain("pw");
    }

    @Test
    void failureMessagesNeverCarryTheUrl() {
        DeliveryException e = failure(http.send(HttpCall.get("Slack webhook",
                "http://localhost:" + server.actualPort() + "/301?secret-token-in-url")));

        assertThat(e.getMessage()).startsWith("Slack webhook").doesNotContain("secret-token-in-url");
    }

    @Test
    void redactionRemovesSecretsAndBoundsTheExcerpt() {
        String redacted = HttpTransport.redact("token abcd1234 leaked; " + "y".repeat(5000), "abcd1234");

        assertThat(redacted).startsWith("token **** leaked").hasSize(2000);
    }

    @Test
    void authValuesNeverPrintTheirSecret() {
        List<HttpAuth> auths = List.of(new HttpAuth.Basic("me@example.com", "s3cr3t-token"),
                new HttpAuth.Bearer("s3cr3t-token"));

        assertThat(auths).allSatisfy(a -> assertThat(a.toString()).doesNotContain("s3cr3t-token"));
        assertThat(HttpCall.get("x", "https://a.example/s3cr3t-token").auth(auths.get(1)).toString())
                .doesNotContain("s3cr3t-token");
    }
}
