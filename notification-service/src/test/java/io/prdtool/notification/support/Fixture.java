package io.prdtool.notification.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.prdtool.shared.events.org.MemberAdded;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.events.org.OrganizationCreated;
import io.prdtool.shared.events.prd.PrdCreated;
import io.prdtool.shared.events.user.UserProvisioned;
import io.prdtool.testinfra.Sql;
import io.prdtool.testinfra.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Tenants made of the events prd-service publishes (users, an organization with one user per role, PRDs), waited for
 * until notification-service has projected them, and calls to notification-service as each user.
 */
public final class Fixture {

    public static final Duration WAIT = Duration.ofSeconds(30);
    public static final String SCHEMA = "notification";

    private Fixture() {
    }

    /** A user prd-service provisioned; {@code token} is theirs. */
    public record User(UUID id, String subject, String email, String name, String token) {

        public RequestSpecification api() {
            return given().auth().oauth2(token).contentType(ContentType.JSON);
        }

        /** The caller's inbox (first page, unarchived). */
        public JsonPath inbox() {
            return api().get("/api/v1/notifications?limit=100").then().statusCode(200).extract().jsonPath();
        }

        /** The caller's notifications of {@code type}, newest first. */
        public List<Map<String, Object>> notifications(String type) {
            return api().queryParam("type", type).queryParam("limit", 100).get("/api/v1/notifications").then()
                    .statusCode(200).extract().jsonPath().getList("items");
        }

        /** Waits until the caller has exactly {@code count} notifications of {@code type}. */
        public List<Map<String, Object>> await(String type, int count) {
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> notifications(type).size() == count);
            return notifications(type);
        }
    }

    /** An organization with one user per role, and an outsider in an organization of their own. */
    public record Tenant(UUID orgId, User owner, User admin, User member, User viewer, User outsider) {

        /** A PRD created by {@code owner} with {@code approvers}; waits until it is projected. */
        public UUID prd(User creator, String title, User... approvers) {
            UUID prd = UUID.randomUUID();
            Events.publish(new PrdCreated(prd, orgId, UUID.randomUUID(), title, "t-" + prd, "draft", "0.1.0", null,
                    "0".repeat(64), creator.id(), java.util.Arrays.stream(approvers).map(User::id).toList()));
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM prd_watchers WHERE prd_id = '" + prd
                    + "'") >= 1);
            return prd;
        }

        /** One more member with {@code role}. */
        public User newMember(String label, OrgRole role) {
            User u = user(label);
            provision(u);
            Events.publish(new MemberAdded(orgId, u.id(), u.subject(), role));
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM org_members m JOIN users u ON u.id ="
                    + " m.user_id WHERE m.organization_id = '" + orgId + "' AND m.user_id = '" + u.id()
                    + "' AND u.email IS NOT NULL") == 1);
            return u;
        }
    }

    public static User user(String label) {
        String sub = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        String email = sub + "@example.com";
        String name = Character.toUpperCase(label.charAt(0)) + label.substring(1) + " " + sub.substring(sub.length()
                - 4);
        return new User(UUID.randomUUID(), sub, email, name, Tokens.forTests().token(sub, email, name));
    }

    public static void provision(User u) {
        Events.publish(new UserProvisioned(u.id(), u.subject(), u.email(), u.name(), UserProvisioned.Source.LOGIN));
    }

    public static Tenant tenant() {
        User owner = user("owner");
        User admin = user("admin");
        User member = user("member");
        User viewer = user("viewer");
        User outsider = user("outsider");
        UUID org = UUID.randomUUID();
        for (User u : List.of(owner, admin, member, viewer, outsider)) {
            provision(u);
        }
        Events.publish(new OrganizationCreated(org, "Org " + org, "org-" + org, owner.id(), owner.subject()));
        Events.publish(new MemberAdded(org, admin.id(), admin.subject(), OrgRole.ADMIN));
        Events.publish(new MemberAdded(org, member.id(), member.subject(), OrgRole.MEMBER));
        Events.publish(new MemberAdded(org, viewer.id(), viewer.subject(), OrgRole.VIEWER));
        UUID other = UUID.randomUUID();
        Events.publish(new OrganizationCreated(other, "Other", "other-" + other, outsider.id(), outsider.subject()));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM org_members m JOIN users u ON u.id = m.user_id"
                + " WHERE m.organization_id = '" + org + "' AND u.email IS NOT NULL") == 4
                && count("SELECT count(*) FROM org_members m JOIN users u ON u.id = m.user_id"
                        + " WHERE m.organization_id = '" + other + "' AND u.email IS NOT NULL") == 1);
        return new Tenant(org, owner, admin, member, viewer, outsider);
    }

    public static long count(String sql) {
        return Sql.count(SCHEMA, sql);
    }

    public static String text(String sql) {
        return Sql.text(SCHEMA, sql);
    }

    public static void execute(String sql) {
        Sql.execute(SCHEMA, sql);
    }
}
