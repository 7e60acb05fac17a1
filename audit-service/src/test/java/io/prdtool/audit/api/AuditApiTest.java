package io.prdtool.audit.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.prdtool.audit.summary.SummaryRefresher;
import io.prdtool.audit.support.AuditTestBase;
import io.prdtool.audit.support.Happened;
import io.prdtool.shared.events.ai.AiInteractionCompleted;
import io.prdtool.shared.events.ai.AiInteractionFailed;
import io.prdtool.shared.events.ai.AiInteractionStarted;
import io.prdtool.shared.events.ai.AiSuggestionAccepted;
import io.prdtool.shared.events.ai.AiSuggestionCreated;
import io.prdtool.shared.events.org.MemberRemoved;
import io.prdtool.shared.events.org.MemberRoleChanged;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.events.org.OrganizationDeleted;
import io.prdtool.shared.tx.ActorContext;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every audit endpoint: the happy path, no token (401), another organization (404), a member without the admin role
 * (403) and bad input (400 problem details, nothing written). Organizations and roles reach audit-service only
 * through prd-service's organization events.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class AuditApiTest extends AuditTestBase {

    private static Fixture f;

    @Inject
    SummaryRefresher summaries;

    record Fixture(UUID org, UUID otherOrg, String owner, String admin, String viewer, String outsider, UUID prd1,
            UUID prd2, UUID widget) {
    }

    @BeforeEach
    void seed() {
        if (f != null) {
            return;
        }
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + tag;
        String admin = "admin-" + tag;
        String viewer = "viewer-" + tag;
        String outsider = "outsider-" + tag;
        UUID org = organization(owner, admin, OrgRole.ADMIN, viewer, OrgRole.VIEWER);
        UUID otherOrg = organization(outsider);
        UUID prd1 = UUID.randomUUID();
        UUID prd2 = UUID.randomUUID();
        ActorContext asOwner = new ActorContext(owner, "198.51.100.4", "Browser/1.0");
        commit(asOwner, org, List.of(Happened.prd(prd1, org, "PrdCreated", 0), Happened.prd(prd1, org, "PrdUpdated", 1),
                Happened.prd(prd2, org, "PrdCreated", 0)));
        commit(new ActorContext(admin, "198.51.100.5", "Browser/2.0"), org,
                List.of(Happened.prd(prd1, org, "PrdApproved", 2)));
        commit(new ActorContext(outsider, null, null), otherOrg, List.of(Happened.prd(UUID.randomUUID(), otherOrg,
                "PrdCreated", 0)));

        // a tracked table: the shared trigger turns its row changes into audit events, actor from the transaction
        execute("CREATE TABLE IF NOT EXISTS widgets (id UUID PRIMARY KEY, organization_id UUID, name TEXT,"
                + " updated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        execute("SELECT prdtool_track_table('widgets')");
        UUID widget = UUID.randomUUID();
        join(tx.writeWithConnectionAs(asOwner, org, c -> c
                .preparedQuery("INSERT INTO widgets (id, organization_id, name) VALUES ($1, $2, 'first')")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(widget, org))));
        join(tx.writeWithConnectionAs(asOwner, org, c -> c
                .preparedQuery("UPDATE widgets SET name = 'second' WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(widget))));
        join(tx.writeWithConnectionAs(new ActorContext(admin, null, null), org, c -> c
                .preparedQuery("DELETE FROM widgets WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(widget))));

        awaitCount(4, "SELECT count(*) FROM activity_logs WHERE organization_id = $1 AND resource_type = 'prd'", org);
        awaitCount(3, "SELECT count(*) FROM audit_trails WHERE organization_id = $1", org);
        // the IP address and user agent arrive on their own record (RequestContextCaptured), not on the domain event
        awaitCount(4, "SELECT count(*) FROM activity_logs JOIN activity_request_context ON event_id = id"
                + " WHERE organization_id = $1 AND resource_type = 'prd'", org);
        awaitCount(1, "SELECT count(*) FROM activity_logs WHERE organization_id = $1 AND resource_type = 'prd'",
                otherOrg);
        f = new Fixture(org, otherOrg, owner, admin, viewer, outsider, prd1, prd2, widget);
    }

    // ------------------------------------------------------------------ activity

    @Test
    void adminReadsActivityWithWhoWhatWhereAndFilters() {
        given().auth().oauth2(token(f.admin())).queryParam("user", f.owner())
                .when().get("/api/v1/orgs/{org}/activity", f.org())
                .then().statusCode(200)
                .body("items", hasSize(3))
                .body("items.actor", everyItem(equalTo(f.owner())))
                .body("items.ipAddress", everyItem(equalTo("198.51.100.4")))
                .body("items.userAgent", everyItem(equalTo("Browser/1.0")))
                .body("items.resourceType", everyItem(equalTo("prd")))
                .body("nextCursor", nullValue());
        given().auth().oauth2(token(f.owner())).queryParam("resourceType", "prd")
                .queryParam("resourceId", f.prd1().toString())
                .when().get("/api/v1/orgs/{org}/activity", f.org())
                .then().statusCode(200)
                .body("items.action", equalTo(List.of("PrdApproved", "PrdUpdated", "PrdCreated")));
        given().auth().oauth2(token(f.owner())).queryParam("action", "PrdCreated")
                .when().get("/api/v1/orgs/{org}/activity", f.org())
                .then().statusCode(200).body("items", hasSize(2));
        given().auth().oauth2(token(f.owner()))
                .queryParam("from", Instant.now().plus(1, ChronoUnit.HOURS).toString())
                .when().get("/api/v1/orgs/{org}/activity", f.org())
                .then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void activityPagesByCursorWithoutGapsOrRepeats() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(token(f.owner())).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/v1/orgs/{org}/activity", f.org())
                    .then().statusCode(200).extract().response();
            seen.addAll(page.jsonPath().getList("items.id"));
            cursor = page.jsonPath().getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 20);
        long total = count("SELECT count(*) FROM activity_logs WHERE organization_id = $1", f.org());
        assertThat(seen).doesNotHaveDuplicates().hasSize((int) total);
        assertThat(pages).isEqualTo((int) Math.ceil(total / 2.0));
    }

    @Test
    void activityWithoutTokenIs401() {
        given().when().get("/api/v1/orgs/{org}/activity", f.org())
                .then().statusCode(401).contentType("application/problem+json").body("type", endsWith("/unauthorized"));
    }

    @Test
    void activityOfAnotherOrganizationIs404() {
        given().auth().oauth2(token(f.admin())).when().get("/api/v1/orgs/{org}/activity", f.otherOrg())
                .then().statusCode(404).contentType("application/problem+json").body("type", endsWith("/not-found"));
        given().auth().oauth2(token(f.outsider())).when().get("/api/v1/orgs/{org}/activity", f.org())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token(f.admin()))
                .when().get("/api/v1/orgs/{org}/activity", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void activityForAViewerIs403() {
        given().auth().oauth2(token(f.viewer())).when().get("/api/v1/orgs/{org}/activity", f.org())
                .then().statusCode(403).contentType("application/problem+json").body("type", endsWith("/forbidden"));
    }

    @Test
    void activityWithBadInputIs400AndWritesNothing() {
        long before = count("SELECT count(*) FROM activity_logs");
        String path = "/api/v1/orgs/{org}/activity";
        for (String[] q : new String[][]{{"limit", "0"}, {"limit", "201"}, {"limit", "ten"},
                {"cursor", "not-a-cursor"}, {"from", "yesterday"}, {"resourceId", "prd-1"}}) {
            given().auth().oauth2(token(f.owner())).queryParam(q[0], q[1]).when().get(path, f.org())
                    .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        }
        given().auth().oauth2(token(f.owner())).queryParam("from", "2026-02-01T00:00:00Z")
                .queryParam("to", "2026-01-01T00:00:00Z").when().get(path, f.org())
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token(f.owner())).when().get(path, "not-a-uuid")
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(count("SELECT count(*) FROM activity_logs")).isEqualTo(before);
    }

    @Test
    void rolesFollowTheOrganizationEvents() {
        String subject = "promoted-" + UUID.randomUUID();
        UUID org = organization(f.owner(), subject, OrgRole.VIEWER);
        given().auth().oauth2(token(subject)).when().get("/api/v1/orgs/{org}/activity", org)
                .then().statusCode(403);
        UUID userId = join(pool.preparedQuery("SELECT user_id FROM org_members WHERE organization_id = $1 AND"
                + " subject = $2").execute(io.vertx.mutiny.sqlclient.Tuple.of(org, subject)))
                .iterator().next().getUUID(0);
        commit(ActorContext.system("prd-service"), org,
                List.of(new MemberRoleChanged(org, userId, subject, OrgRole.ADMIN, OrgRole.VIEWER)));
        awaitCount(1, "SELECT count(*) FROM org_members WHERE organization_id = $1 AND role = 'admin'", org);
        given().auth().oauth2(token(subject)).when().get("/api/v1/orgs/{org}/activity", org)
                .then().statusCode(200);
        commit(ActorContext.system("prd-service"), org, List.of(new MemberRemoved(org, userId, subject)));
        awaitCount(1, "SELECT count(*) FROM org_members WHERE organization_id = $1", org);
        given().auth().oauth2(token(subject)).when().get("/api/v1/orgs/{org}/activity", org)
                .then().statusCode(404);
    }

    @Test
    void auditDataOutlivesTheDeletionOfItsOrganizationAndMembers() {
        String owner = "leaving-owner-" + UUID.randomUUID();
        UUID org = organization(owner);
        commit(new ActorContext(owner, null, null), org, List.of(Happened.prd(UUID.randomUUID(), org, "PrdCreated",
                0)));
        awaitCount(1, "SELECT count(*) FROM activity_logs WHERE organization_id = $1 AND action = 'PrdCreated'", org);
        long activity = activityOf(org);

        commit(ActorContext.system("prd-service"), org, List.of(new OrganizationDeleted(org)));
        awaitCount(0, "SELECT count(*) FROM org_members WHERE organization_id = $1", org);

        assertThat(activityOf(org)).as("activity kept, plus the deletion itself").isEqualTo(activity + 1);
        given().auth().oauth2(token(owner)).when().get("/api/v1/orgs/{org}/activity", org)
                .then().statusCode(404);
    }

    // ------------------------------------------------------------------ audit trail

    @Test
    void recordHistoryShowsEveryChangeWithTheActorOfItsTransaction() {
        given().auth().oauth2(token(f.admin()))
                .when().get("/api/v1/orgs/{org}/audit-trail/records/widgets/{id}", f.org(), f.widget())
                .then().statusCode(200)
                .body("items.operation", equalTo(List.of("INSERT", "UPDATE", "DELETE")))
                .body("items.changedBy", equalTo(List.of(f.owner(), f.owner(), f.admin())))
                .body("items[0].newData.name", equalTo("first"))
                .body("items[1].oldData.name", equalTo("first"))
                .body("items[1].newData.name", equalTo("second"))
                .body("items[2].oldData.name", equalTo("second"))
                .body("items[2].newData", nullValue())
                .body("items[0].service", equalTo("audit"));
        // the shared updated_at trigger moved updated_at on the update
        Response r = given().auth().oauth2(token(f.admin()))
                .when().get("/api/v1/orgs/{org}/audit-trail/records/widgets/{id}", f.org(), f.widget());
        assertThat(r.jsonPath().getString("items[1].newData.updated_at"))
                .isNotEqualTo(r.jsonPath().getString("items[1].oldData.updated_at"));
    }

    @Test
    void recordHistoryGuards() {
        String path = "/api/v1/orgs/{org}/audit-trail/records/widgets/{id}";
        given().when().get(path, f.org(), f.widget()).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token(f.viewer())).when().get(path, f.org(), f.widget()).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(token(f.outsider())).when().get(path, f.org(), f.widget()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(token(f.owner())).when().get(path, f.org(), "not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(token(f.owner())).when()
                .get("/api/v1/orgs/{org}/audit-trail/records/{table}/{id}", f.org(), "Widgets;drop",
                        f.widget())
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token(f.owner())).queryParam("limit", 5000).when().get(path, f.org(), f.widget())
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void chainVerificationFindsTheFirstTamperedRow() {
        String path = "/api/v1/orgs/{org}/audit-trail/verification";
        given().auth().oauth2(token(f.owner())).when().get(path, f.org())
                .then().statusCode(200).body("valid", equalTo(true)).body("checkedRows", equalTo(3));

        // a separate organization whose chain we tamper with
        String owner = "tamper-owner-" + UUID.randomUUID();
        UUID org = organization(owner);
        UUID row = UUID.randomUUID();
        ActorContext actor = new ActorContext(owner, null, null);
        for (String name : List.of("a", "b", "c", "d")) {
            join(tx.writeWithConnectionAs(actor, org, c -> c.preparedQuery("INSERT INTO widgets (id, organization_id,"
                    + " name) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = excluded.name")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(row, org, name))));
        }
        awaitCount(4, "SELECT count(*) FROM audit_trails WHERE organization_id = $1", org);
        given().auth().oauth2(token(owner)).when().get(path, org).then().statusCode(200).body("valid", equalTo(true));

        execute("UPDATE audit_trails SET new_data = jsonb_set(new_data, '{name}', '\"forged\"')"
                + " WHERE organization_id = $1 AND chain_seq = 2", org);
        given().auth().oauth2(token(owner)).when().get(path, org)
                .then().statusCode(200)
                .body("valid", equalTo(false))
                .body("brokenAtSeq", equalTo(2))
                .body("reason", equalTo("the row's content does not match its hash"));

        execute("DELETE FROM audit_trails WHERE organization_id = $1 AND chain_seq = 2", org);
        given().auth().oauth2(token(owner)).when().get(path, org)
                .then().statusCode(200).body("valid", equalTo(false)).body("brokenAtSeq", equalTo(3))
                .body("reason", equalTo("rows are missing or inserted before this one"));

        given().when().get(path, org).then().statusCode(401);
        given().auth().oauth2(token(f.viewer())).when().get(path, f.org()).then().statusCode(403);
        given().auth().oauth2(token(owner)).when().get(path, f.org()).then().statusCode(404);
        given().auth().oauth2(token(owner)).when().get(path, "nope").then().statusCode(400)
                .contentType("application/problem+json");
    }

    // ------------------------------------------------------------------ summary

    @Test
    void aiPromptsCountEachInteractionOnceWhateverElseItCaused() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String asker = "asker-" + tag;
        String admin = "admin-" + tag;
        UUID org = organization(admin, asker, OrgRole.MEMBER);
        UUID prd = UUID.randomUUID();
        UUID ok = UUID.randomUUID();
        UUID failed = UUID.randomUUID();
        UUID suggestion = UUID.randomUUID();
        Instant now = Instant.now();
        commit(new ActorContext(asker, null, null), org, List.of(
                new AiInteractionStarted(ok, org, prd, null, asker, "improve", "openai", "m", now),
                new AiSuggestionCreated(suggestion, org, prd, ok, "improve", "llm", null, asker),
                new AiInteractionCompleted(ok, org, prd, null, asker, "improve", "openai", "m", "m", "improve/v1", 10,
                        5, false, 100, 20L, 1, now),
                new AiSuggestionAccepted(suggestion, org, prd, ok, "improve", null, asker, 7L, now),
                new AiInteractionStarted(failed, org, prd, null, asker, "expand", "openai", "m", now),
                new AiInteractionFailed(failed, org, prd, null, asker, "expand", "openai", "m", "timeout", "slow", 10,
                        0, true, 30000, now)));
        awaitCount(6, "SELECT count(*) FROM activity_logs WHERE organization_id = $1 AND topic = 'prdtool.ai.events'",
                org);
        join(summaries.refresh());
        given().auth().oauth2(token(admin)).when().get("/api/v1/orgs/{org}/users/{user}/activity-summary", org, asker)
                .then().statusCode(200)
                .body("aiPrompts", equalTo(2))
                .body("totalEvents", equalTo(6));
    }

    @Test
    void userActivitySummaryCountsEachSourceOnce() {
        join(summaries.refresh());
        String path = "/api/v1/orgs/{org}/users/{user}/activity-summary";
        given().auth().oauth2(token(f.admin())).when().get(path, f.org(), f.owner())
                .then().statusCode(200)
                .body("actor", equalTo(f.owner()))
                .body("prdsCreated", equalTo(2))
                .body("totalEvents", equalTo(3))
                .body("aiPrompts", equalTo(0));
        given().auth().oauth2(token(f.admin())).when().get(path, f.org(), "nobody-here").then().statusCode(404)
                .contentType("application/problem+json");
        given().when().get(path, f.org(), f.owner()).then().statusCode(401);
        given().auth().oauth2(token(f.viewer())).when().get(path, f.org(), f.owner()).then().statusCode(403);
        given().auth().oauth2(token(f.outsider())).when().get(path, f.org(), f.owner()).then().statusCode(404);
        given().auth().oauth2(token(f.admin())).when().get(path, "42", f.owner()).then().statusCode(400)
                .contentType("application/problem+json");
    }
}
