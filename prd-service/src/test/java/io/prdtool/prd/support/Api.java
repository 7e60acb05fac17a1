package io.prdtool.prd.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.prdtool.testinfra.Sql;
import io.prdtool.testinfra.Tokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Test helpers: users with tokens, tenants with one member per role, and direct SQL to prove nothing was written. */
public final class Api {

    private Api() {
    }

    /** A user known only by token until their first request provisions them. */
    public record User(String subject, String email, String name, String token) {

        public RequestSpecification as() {
            return given().auth().oauth2(token).contentType(ContentType.JSON);
        }

        public UUID id() {
            return UUID.fromString(as().get("/api/v1/users/me").then().statusCode(200).extract().path("id"));
        }
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static User user(String label) {
        String sub = unique(label);
        String email = sub + "@example.com";
        return new User(sub, email, label.substring(0, 1).toUpperCase() + label.substring(1) + " " + sub.substring(
                sub.length() - 4), Tokens.forTests().token(sub, email, label));
    }

    public static RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON);
    }

    /** An organization with an owner, an admin, a member and a viewer, plus an outsider who belongs to another org. */
    public record Tenant(UUID orgId, String slug, User owner, User admin, User member, User viewer, User outsider,
            UUID outsiderOrgId) {

        public UUID project(String name) {
            return UUID.fromString(owner.as().body(Map.of("name", name)).post("/api/v1/orgs/" + orgId + "/projects")
                    .then().statusCode(201).extract().path("id"));
        }

        public UUID prd(UUID projectId, String title, String content) {
            return UUID.fromString(member.as().body(Map.of("title", title, "content", content))
                    .post("/api/v1/projects/" + projectId + "/prds").then().statusCode(201).extract().path("id"));
        }
    }

    public static Tenant tenant() {
        User owner = user("owner");
        User admin = user("admin");
        User member = user("member");
        User viewer = user("viewer");
        User outsider = user("outsider");
        String slug = unique("org");
        UUID orgId = createOrg(owner, slug);
        addMember(owner, orgId, admin, "admin");
        addMember(owner, orgId, member, "member");
        addMember(owner, orgId, viewer, "viewer");
        UUID otherOrg = createOrg(outsider, unique("other"));
        return new Tenant(orgId, slug, owner, admin, member, viewer, outsider, otherOrg);
    }

    public static UUID createOrg(User owner, String slug) {
        return UUID.fromString(owner.as().body(Map.of("name", "Org " + slug, "slug", slug)).post("/api/v1/orgs")
                .then().statusCode(201).extract().path("id"));
    }

    public static void addMember(User by, UUID orgId, User who, String role) {
        by.as().body(Map.of("email", who.email(), "role", role)).post("/api/v1/orgs/" + orgId + "/members")
                .then().statusCode(201);
    }

    /** A single number from SQL against the prd schema (counts that prove a rejected request wrote nothing). */
    public static long count(String sql) {
        return Sql.count("prd", sql);
    }

    public static void exec(String sql) {
        Sql.execute("prd", sql);
    }

    /** Outbox rows of one event type for one aggregate (domain events only, not row-change capture). */
    public static long events(String type, UUID aggregateId) {
        return count("SELECT count(*) FROM outbox WHERE event_type = '" + type + "' AND aggregate_id = '"
                + aggregateId + "'");
    }

    public static long outboxSize() {
        return count("SELECT count(*) FROM outbox WHERE event_type <> 'RowChanged'");
    }
}
