package io.prdtool.integration.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.prdtool.testinfra.Sql;
import io.prdtool.testinfra.Tokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Tenants made through the real prd-service (an organization with one user per role, an outsider with an organization
 * of their own, a project), and integration-service called as each user. Waits until integration-service's projection
 * has seen the tenant, as a client would after a moment.
 */
public final class Fixture {

    public static final Duration WAIT = Duration.ofSeconds(60);

    private Fixture() {
    }

    /** A user known by a token; their first request to prd-service provisions them. */
    public record User(String subject, String email, String token) {

        /** Calls integration-service (the service under test). */
        public RequestSpecification api() {
            return given().auth().oauth2(token).contentType(ContentType.JSON);
        }

        public RequestSpecification prd() {
            return given().baseUri(Services.prd().url()).auth().oauth2(token).contentType(ContentType.JSON);
        }

        public UUID id() {
            return UUID.fromString(prd().get("/api/v1/users/me").then().statusCode(200).extract().path("id"));
        }
    }

    public record Tenant(UUID orgId, User owner, User admin, User member, User viewer, User outsider, UUID projectId,
            UUID outsiderOrgId) {

        /** A PRD made by the member through prd-service. */
        public UUID prd(String title, String content) {
            return UUID.fromString(member.prd().body(Map.of("title", title, "content", content))
                    .post("/api/v1/projects/" + projectId + "/prds").then().statusCode(201).extract().path("id"));
        }
    }

    public static User user(String label) {
        String sub = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        String email = sub + "@example.com";
        return new User(sub, email, Tokens.forTests().token(sub, email, label));
    }

    public static Tenant tenant() {
        User owner = user("owner");
        User admin = user("admin");
        User member = user("member");
        User viewer = user("viewer");
        User outsider = user("outsider");
        UUID org = createOrg(owner);
        for (var entry : Map.of(admin, "admin", member, "member", viewer, "viewer").entrySet()) {
            entry.getKey().id(); // logs in first, so the membership event carries the subject
            owner.prd().body(Map.of("email", entry.getKey().email(), "role", entry.getValue()))
                    .post("/api/v1/orgs/" + org + "/members").then().statusCode(201);
        }
        UUID outsiderOrg = createOrg(outsider);
        UUID project = UUID.fromString(owner.prd().body(Map.of("name", "Project " + org.toString().substring(0, 6)))
                .post("/api/v1/orgs/" + org + "/projects").then().statusCode(201).extract().path("id"));
        Tenant t = new Tenant(org, owner, admin, member, viewer, outsider, project, outsiderOrg);
        await().atMost(WAIT).untilAsserted(() -> {
            for (User u : new User[]{owner, admin, member}) {
                u.api().get("/api/v1/orgs/" + org + "/integrations").then().statusCode(200);
            }
            viewer.api().get("/api/v1/orgs/" + org + "/integrations").then().statusCode(403);
            outsider.api().get("/api/v1/orgs/" + outsiderOrg + "/integrations").then().statusCode(200);
            // the project is projected too (routing reads its name)
            assertThat(count("SELECT count(*) FROM projects WHERE id = '" + project + "'")).isEqualTo(1);
        });
        return t;
    }

    private static UUID createOrg(User owner) {
        String slug = "org-" + UUID.randomUUID().toString().substring(0, 8);
        return UUID.fromString(owner.prd().body(Map.of("name", "Org " + slug, "slug", slug)).post("/api/v1/orgs")
                .then().statusCode(201).extract().path("id"));
    }

    /** One number from SQL against the integration schema. */
    public static long count(String sql) {
        return Sql.count("integration", sql);
    }

    public static String text(String sql) {
        return Sql.text("integration", sql);
    }

    public static void execute(String sql) {
        Sql.execute("integration", sql);
    }
}
