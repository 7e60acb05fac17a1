package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class MemberApiTest {

    @Test
    void addsNotYetLoggedInUserByEmailAndBindsTheSubjectAtFirstLogin() {
        Api.Tenant t = Api.tenant();
        Api.User newcomer = Api.user("newcomer");
        String userId = t.admin().as().body(Map.of("email", newcomer.email(), "name", "New Comer", "role", "member"))
                .post("/api/v1/orgs/" + t.orgId() + "/members")
                .then().statusCode(201)
                .body("pending", equalTo(true)).body("role", equalTo("member")).body("name", equalTo("New Comer"))
                .extract().path("userId");
        assertThat(Api.events("MemberAdded", t.orgId())).isGreaterThanOrEqualTo(1);
        // first login: the same row, now bound to the token subject; the organization is already visible
        newcomer.as().get("/api/v1/users/me").then().statusCode(200).body("id", equalTo(userId));
        newcomer.as().get("/api/v1/orgs/" + t.orgId()).then().statusCode(200).body("role", equalTo("member"));
        t.owner().as().get("/api/v1/orgs/" + t.orgId() + "/members").then().statusCode(200)
                .body("items.find { it.userId == '" + userId + "' }.pending", equalTo(false));
        assertThat(Api.count("SELECT count(*) FROM users WHERE subject = '" + newcomer.subject() + "'"))
                .isEqualTo(1);
    }

    @Test
    void listsMembersWithRolesForAnyMember() {
        Api.Tenant t = Api.tenant();
        t.viewer().as().get("/api/v1/orgs/" + t.orgId() + "/members").then().statusCode(200)
                .body("items.role", hasItems("owner", "admin", "member", "viewer"));
        t.outsider().as().get("/api/v1/orgs/" + t.orgId() + "/members").then().statusCode(404);
        Api.anonymous().get("/api/v1/orgs/" + t.orgId() + "/members").then().statusCode(401);
        t.owner().as().queryParam("limit", 1000).get("/api/v1/orgs/" + t.orgId() + "/members").then()
                .statusCode(400);
    }

    @Test
    void rejectsMemberAndViewerAddingMembers() {
        Api.Tenant t = Api.tenant();
        long before = Api.count("SELECT count(*) FROM organization_members WHERE organization_id = '" + t.orgId()
                + "'");
        t.member().as().body(Map.of("email", Api.unique("x") + "@example.com", "role", "member"))
                .post("/api/v1/orgs/" + t.orgId() + "/members").then().statusCode(403);
        t.viewer().as().body(Map.of("email", Api.unique("x") + "@example.com", "role", "viewer"))
                .post("/api/v1/orgs/" + t.orgId() + "/members").then().statusCode(403);
        t.outsider().as().body(Map.of("email", Api.unique("x") + "@example.com", "role", "viewer"))
                .post("/api/v1/orgs/" + t.orgId() + "/members").then().statusCode(404);
        Api.anonymous().body(Map.of("email", "a@example.com", "role", "viewer"))
                .post("/api/v1/orgs/" + t.orgId() + "/members").then().statusCode(401);
        assertThat(Api.count("SELECT count(*) FROM organization_members WHERE organization_id = '" + t.orgId()
                + "'")).isEqualTo(before);
    }

    @Test
    void rejectsBadRoleDuplicateMemberAndMissingIdentity() {
        Api.Tenant t = Api.tenant();
        String members = "/api/v1/orgs/" + t.orgId() + "/members";
        t.owner().as().body(Map.of("email", Api.unique("x") + "@example.com", "role", "superuser")).post(members)
                .then().statusCode(400).body("allowed", hasItems("owner", "admin", "member", "viewer"));
        t.owner().as().body(Map.of("email", "not-an-email", "role", "member")).post(members).then().statusCode(400);
        t.owner().as().body(Map.of("role", "member")).post(members).then().statusCode(400);
        t.owner().as().body(Map.of("email", t.member().email(), "role", "viewer")).post(members)
                .then().statusCode(409);
    }

    @Test
    void onlyOwnersGrantOrRevokeOwner() {
        Api.Tenant t = Api.tenant();
        UUID memberId = t.member().id();
        UUID ownerId = t.owner().id();
        String base = "/api/v1/orgs/" + t.orgId() + "/members/";
        t.admin().as().body(Map.of("role", "owner")).patch(base + memberId).then().statusCode(403);
        t.admin().as().body(Map.of("role", "member")).patch(base + ownerId).then().statusCode(403);
        t.admin().as().body(Map.of("role", "viewer")).patch(base + memberId).then().statusCode(200)
                .body("role", equalTo("viewer"));
        t.owner().as().body(Map.of("role", "owner")).patch(base + memberId).then().statusCode(200)
                .body("role", equalTo("owner"));
        assertThat(Api.events("MemberRoleChanged", t.orgId())).isEqualTo(2);
        t.viewer().as().body(Map.of("role", "admin")).patch(base + t.viewer().id()).then().statusCode(403);
        t.outsider().as().body(Map.of("role", "admin")).patch(base + memberId).then().statusCode(404);
        Api.anonymous().body(Map.of("role", "admin")).patch(base + memberId).then().statusCode(401);
        t.owner().as().body(Map.of("role", "boss")).patch(base + memberId).then().statusCode(400);
        t.owner().as().body(Map.of("role", "admin")).patch(base + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void neverLeavesAnOrganizationWithoutAnOwner() {
        Api.Tenant t = Api.tenant();
        UUID ownerId = t.owner().id();
        String base = "/api/v1/orgs/" + t.orgId() + "/members/";
        t.owner().as().body(Map.of("role", "admin")).patch(base + ownerId)
                .then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("last owner"));
        t.owner().as().delete(base + ownerId).then().statusCode(409);
        // with a second owner, the first may step down
        t.owner().as().body(Map.of("role", "owner")).patch(base + t.admin().id()).then().statusCode(200);
        t.owner().as().body(Map.of("role", "member")).patch(base + ownerId).then().statusCode(200);
        assertThat(Api.count("SELECT count(*) FROM organization_members WHERE role = 'owner' AND organization_id = '"
                + t.orgId() + "'")).isEqualTo(1);
    }

    @Test
    void removesMembersAndLetsAnyoneLeave() {
        Api.Tenant t = Api.tenant();
        String base = "/api/v1/orgs/" + t.orgId() + "/members/";
        UUID memberId = t.member().id();
        t.viewer().as().delete(base + memberId).then().statusCode(403);
        t.outsider().as().delete(base + memberId).then().statusCode(404);
        Api.anonymous().delete(base + memberId).then().statusCode(401);
        t.admin().as().delete(base + t.owner().id()).then().statusCode(403);
        t.admin().as().delete(base + memberId).then().statusCode(204);
        assertThat(Api.events("MemberRemoved", t.orgId())).isEqualTo(1);
        t.member().as().get("/api/v1/orgs/" + t.orgId()).then().statusCode(404);
        t.viewer().as().delete(base + t.viewer().id()).then().statusCode(204);
        t.owner().as().get("/api/v1/orgs/" + t.orgId() + "/members").then()
                .body("items.role", not(hasItem("viewer")));
    }
}
