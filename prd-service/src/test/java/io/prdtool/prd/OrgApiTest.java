package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class OrgApiTest {

    @Test
    void createsOrganizationWithCallerAsOwnerAndPublishesEvent() {
        Api.User owner = Api.user("founder");
        String slug = Api.unique("acme");
        String id = owner.as().body(Map.of("name", "Acme", "slug", slug, "settings", Map.of("locale", "en-GB"),
                "subscriptionTier", "team"))
                .post("/api/v1/orgs")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("slug", equalTo(slug))
                .body("role", equalTo("owner"))
                .body("subscriptionTier", equalTo("team"))
                .body("settings.locale", equalTo("en-GB"))
                .extract().path("id");
        assertThat(Api.events("OrganizationCreated", UUID.fromString(id))).isEqualTo(1);
        owner.as().get("/api/v1/orgs").then().statusCode(200).body("items.slug", hasItem(slug));
        owner.as().get("/api/v1/orgs/" + id + "/members").then().statusCode(200)
                .body("items[0].role", equalTo("owner"));
    }

    @Test
    void derivesSlugFromNameWhenAbsent() {
        Api.User owner = Api.user("founder");
        String name = "Émile & Co " + Api.unique("x");
        owner.as().body(Map.of("name", name)).post("/api/v1/orgs")
                .then().statusCode(201).body("slug", startsWith("emile-co-x-"));
    }

    @Test
    void rejectsDuplicateSlugWith409AndWritesNothing() {
        Api.Tenant t = Api.tenant();
        long orgs = Api.count("SELECT count(*) FROM organizations");
        Api.user("copycat").as().body(Map.of("name", "Copy", "slug", t.slug())).post("/api/v1/orgs")
                .then().statusCode(409).contentType("application/problem+json").body("status", equalTo(409));
        assertThat(Api.count("SELECT count(*) FROM organizations")).isEqualTo(orgs);
    }

    @Test
    void rejectsBadSlugAndUnknownTierWith400() {
        Api.User owner = Api.user("founder");
        long before = Api.count("SELECT count(*) FROM organizations");
        owner.as().body(Map.of("name", "Bad", "slug", "Not A Slug")).post("/api/v1/orgs").then().statusCode(400);
        owner.as().body(Map.of("name", "Bad", "subscriptionTier", "platinum")).post("/api/v1/orgs")
                .then().statusCode(400).body("allowed", hasItem("enterprise"));
        owner.as().body(Map.of("slug", Api.unique("noname"))).post("/api/v1/orgs").then().statusCode(400)
                .body("errors.field", hasItem("name"));
        assertThat(Api.count("SELECT count(*) FROM organizations")).isEqualTo(before);
    }

    @Test
    void rejectsRequestsWithoutToken() {
        Api.Tenant t = Api.tenant();
        Api.anonymous().body(Map.of("name", "x")).post("/api/v1/orgs").then().statusCode(401);
        Api.anonymous().get("/api/v1/orgs").then().statusCode(401);
        Api.anonymous().get("/api/v1/orgs/" + t.orgId()).then().statusCode(401);
        Api.anonymous().body(Map.of("name", "x")).patch("/api/v1/orgs/" + t.orgId()).then().statusCode(401);
    }

    @Test
    void hidesOtherTenantsOrganizationWith404() {
        Api.Tenant t = Api.tenant();
        t.outsider().as().get("/api/v1/orgs/" + t.orgId()).then().statusCode(404);
        t.outsider().as().body(Map.of("name", "Hijacked")).patch("/api/v1/orgs/" + t.orgId()).then().statusCode(404);
        t.outsider().as().get("/api/v1/orgs").then().statusCode(200).body("items.id", not(hasItem(t.orgId()
                .toString())));
        t.owner().as().get("/api/v1/orgs/" + t.orgId()).then().statusCode(200).body("name", startsWith("Org"));
    }

    @Test
    void letsAdminsUpdateButOnlyOwnersChangeTheTier() {
        Api.Tenant t = Api.tenant();
        t.admin().as().body(Map.of("name", "Renamed", "settings", Map.of("theme", "dark")))
                .patch("/api/v1/orgs/" + t.orgId())
                .then().statusCode(200).body("name", equalTo("Renamed")).body("settings.theme", equalTo("dark"))
                .body("role", equalTo("admin"));
        assertThat(Api.events("OrganizationUpdated", t.orgId())).isEqualTo(1);
        t.admin().as().body(Map.of("subscriptionTier", "enterprise")).patch("/api/v1/orgs/" + t.orgId())
                .then().statusCode(403);
        t.member().as().body(Map.of("name", "Nope")).patch("/api/v1/orgs/" + t.orgId()).then().statusCode(403);
        t.viewer().as().body(Map.of("name", "Nope")).patch("/api/v1/orgs/" + t.orgId()).then().statusCode(403);
        t.owner().as().body(Map.of("subscriptionTier", "enterprise")).patch("/api/v1/orgs/" + t.orgId())
                .then().statusCode(200).body("subscriptionTier", equalTo("enterprise"));
        t.owner().as().body(Map.of("subscriptionTier", "gold")).patch("/api/v1/orgs/" + t.orgId())
                .then().statusCode(400);
    }

    @Test
    void ignoresProtectedFieldsInBody() {
        Api.Tenant t = Api.tenant();
        UUID other = UUID.randomUUID();
        t.owner().as().body(Map.of("id", other.toString(), "createdBy", other.toString(), "name", "Kept Id"))
                .patch("/api/v1/orgs/" + t.orgId())
                .then().statusCode(200).body("id", equalTo(t.orgId().toString())).body("name", equalTo("Kept Id"));
    }
}
