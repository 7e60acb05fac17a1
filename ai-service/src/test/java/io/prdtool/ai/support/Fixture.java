package io.prdtool.ai.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.prdtool.testinfra.Sql;
import io.prdtool.testinfra.Tokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Tenants made through the real prd-service (organizations, members by role, projects, PRDs), document text written
 * through the real collab-service, and ai-service called as each user. Waits until ai-service's projection has seen
 * the tenant, as a client would after a moment.
 */
public final class Fixture {

    public static final Duration WAIT = Duration.ofSeconds(30);

    private Fixture() {
    }

    /** A user known only by a token until their first request provisions them. */
    public record User(String subject, String email, String token) {

        /** Calls ai-service (the service under test). */
        public RequestSpecification ai() {
            return given().auth().oauth2(token).contentType(ContentType.JSON);
        }

        public RequestSpecification prd() {
            return given().baseUri(Services.prd().url()).auth().oauth2(token).contentType(ContentType.JSON);
        }

        public RequestSpecification collab() {
            return given().baseUri(Services.collab().url()).auth().oauth2(token).contentType(ContentType.JSON);
        }

        public UUID id() {
            return UUID.fromString(prd().get("/api/v1/users/me").then().statusCode(200).extract().path("id"));
        }
    }

    /** An organization with one user per role, and an outsider with an organization of their own. */
    public record Tenant(UUID orgId, User owner, User admin, User member, User viewer, User outsider, UUID projectId) {

        /** A PRD (created by the member) whose collaborative text is {@code text}. */
        public UUID prd(String title, String text) {
            UUID id = UUID.fromString(member.prd().body(Map.of("title", title, "content", text))
                    .post("/api/v1/projects/" + projectId + "/prds").then().statusCode(201).extract().path("id"));
            // collab-service learns of the PRD from prd-service's event; then the text goes into the live document
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> member.collab()
                    .body(Map.of("type", "replace-all", "text", text))
                    .post("/api/v1/prds/" + id + "/document/edits").then().statusCode(200));
            return id;
        }

        /** The live collaborative text of a PRD. */
        public String text(UUID prdId) {
            return member.collab().queryParam("format", "text").get("/api/v1/prds/" + prdId + "/document")
                    .then().statusCode(200).extract().path("content");
        }

        /** One more member of the organization (logged in, so the membership carries their subject). */
        public User newMember() {
            User u = user("member");
            u.id();
            owner.prd().body(Map.of("email", u.email(), "role", "member")).post("/api/v1/orgs/" + orgId + "/members")
                    .then().statusCode(201);
            return u;
        }

        /** Edits the live text as the member, e.g. to change what a suggestion quotes. */
        public void edit(UUID prdId, String type, Integer index, Integer length, String text) {
            var body = new java.util.HashMap<String, Object>();
            body.put("type", type);
            body.put("text", text);
            if (index != null) {
                body.put("index", index);
            }
            if (length != null) {
                body.put("length", length);
            }
            member.collab().body(body).post("/api/v1/prds/" + prdId + "/document/edits").then().statusCode(200);
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
        createOrg(outsider);
        UUID project = UUID.fromString(owner.prd().body(Map.of("name", "Project " + org.toString().substring(0, 6)))
                .post("/api/v1/orgs/" + org + "/projects").then().statusCode(201).extract().path("id"));
        Tenant t = new Tenant(org, owner, admin, member, viewer, outsider, project);
        // ai-service has projected the organization and every membership
        await().atMost(WAIT).untilAsserted(() -> {
            for (User u : new User[]{owner, admin, member, viewer}) {
                u.ai().get("/api/v1/orgs/" + org + "/ai/config").then().statusCode(200);
            }
        });
        return t;
    }

    private static UUID createOrg(User owner) {
        String slug = "org-" + UUID.randomUUID().toString().substring(0, 8);
        return UUID.fromString(owner.prd().body(Map.of("name", "Org " + slug, "slug", slug)).post("/api/v1/orgs")
                .then().statusCode(201).extract().path("id"));
    }

    /** One number from SQL against the ai schema (counts that prove a refused request wrote nothing). */
    public static long count(String sql) {
        return Sql.count("ai", sql);
    }

    /** Runs SQL against the ai schema (to age rows for the purge and reaper tests). */
    public static void execute(String sql) {
        Sql.execute("ai", sql);
    }
}
