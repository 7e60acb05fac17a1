package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.support.Api;
import io.prdtool.prd.user.UserService;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Just-in-time provisioning under concurrency: the requests of one user that find no (or an expired) cache entry
 * share one look-up, and {@code last_login_at} is written at most every few minutes.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class UserProvisioningTest {

    private static final int CONCURRENT = 24;

    @TestHTTPResource("/api/v1/users/me")
    URI me;

    @Inject
    UserService users;

    /** Sends {@code n} requests at once (one connection each) and returns their status codes. */
    private List<Integer> concurrently(Api.User who, int n) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(me).header("Authorization", "Bearer " + who.token())
                .timeout(Duration.ofSeconds(60)).GET().build();
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        return pending.stream().map(f -> f.join().statusCode()).toList();
    }

    /** Row changes of the user (inserts and updates), as the audit capture recorded them. */
    private static long writesOf(UUID userId) {
        return Api.count("SELECT count(*) FROM outbox WHERE event_type = 'RowChanged' AND aggregate_type = 'users'"
                + " AND aggregate_id = '" + userId + "'");
    }

    private static UUID idOf(Api.User who) {
        return UUID.fromString(io.prdtool.testinfra.Sql.text("prd",
                "SELECT id FROM users WHERE subject = '" + who.subject() + "'"));
    }

    @Test
    void concurrentFirstRequestsOfANewUserProvisionItOnce() {
        Api.User u = Api.user("burst");
        assertThat(concurrently(u, CONCURRENT)).containsOnly(200);
        assertThat(Api.count("SELECT count(*) FROM users WHERE subject = '" + u.subject() + "'")).isEqualTo(1);
        UUID id = idOf(u);
        assertThat(Api.events("UserProvisioned", id)).isEqualTo(1);
        assertThat(writesOf(id)).isEqualTo(1);
    }

    @Test
    void anExpiredCacheEntryIsRefreshedOnceForAllConcurrentRequests() {
        Api.User u = Api.user("refresh");
        UUID id = u.id();
        Api.exec("UPDATE users SET last_login_at = now() - interval '1 hour' WHERE id = '" + id + "'");
        long before = writesOf(id);

        users.forget(id); // what an expired entry amounts to
        assertThat(concurrently(u, CONCURRENT)).containsOnly(200);
        assertThat(writesOf(id)).isEqualTo(before + 1);
        assertThat(Api.count("SELECT count(*) FROM users WHERE id = '" + id
                + "' AND last_login_at > now() - interval '1 minute'")).isEqualTo(1);
    }

    @Test
    void aRecentLastLoginIsNotWrittenAgain() {
        Api.User u = Api.user("recent");
        UUID id = u.id();
        long before = writesOf(id);
        for (int i = 0; i < 3; i++) {
            users.forget(id);
            assertThat(concurrently(u, 8)).containsOnly(200);
        }
        assertThat(writesOf(id)).isEqualTo(before);
    }

    @Test
    void aDeactivatedUserIsRefusedOnceTheEntryIsRefreshed() {
        Api.User u = Api.user("gone");
        UUID id = u.id();
        Api.exec("UPDATE users SET is_active = false WHERE id = '" + id + "'");
        users.forget(id);
        assertThat(concurrently(u, 8)).containsOnly(403);
    }
}
