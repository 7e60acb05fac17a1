package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class ProjectApiTest {

    @Test
    void memberCreatesProjectWithValidatedRepositoryAndEvent() {
        Api.Tenant t = Api.tenant();
        String id = t.member().as().body(Map.of("name", "Checkout Flow", "description", "Payments",
                "gitRepoUrl", "git@github.com:acme/prds.git", "settings", Map.of("reviewers", 2)))
                .post("/api/v1/orgs/" + t.orgId() + "/projects")
                .then().statusCode(201).body("slug", equalTo("checkout-flow")).body("archived", equalTo(false))
                .body("settings.reviewers", equalTo(2)).extract().path("id");
        assertThat(Api.events("ProjectCreated", UUID.fromString(id))).isEqualTo(1);
        t.viewer().as().get("/api/v1/projects/" + id).then().statusCode(200).body("name", equalTo("Checkout Flow"));
        t.viewer().as().get("/api/v1/orgs/" + t.orgId() + "/projects").then().statusCode(200)
                .body("items.id", hasItem(id));
    }

    @Test
    void acceptsOnlyHttpsOrSshRepositoryUrls() {
        Api.Tenant t = Api.tenant();
        String url = "/api/v1/orgs/" + t.orgId() + "/projects";
        for (String ok : List.of("https://github.com/acme/prds.git", "ssh://git@gitlab.example.com:2222/acme/prds.git",
                "git@github.com:acme/prds.git")) {
            t.owner().as().body(Map.of("name", Api.unique("p"), "gitRepoUrl", ok)).post(url).then().statusCode(201);
        }
        long before = Api.count("SELECT count(*) FROM projects WHERE organization_id = '" + t.orgId() + "'");
        for (String bad : List.of("http://github.com/acme/prds.git", "https://token:x@github.com/acme/prds.git",
                "ftp://example.com/repo", "file:///etc/passwd", "github.com/acme", "https://github.com")) {
            t.owner().as().body(Map.of("name", Api.unique("p"), "gitRepoUrl", bad)).post(url).then()
                    .statusCode(400);
        }
        assertThat(Api.count("SELECT count(*) FROM projects WHERE organization_id = '" + t.orgId() + "'"))
                .isEqualTo(before);
    }

    @Test
    void rejectsDuplicateSlugInTheSameOrganizationOnly() {
        Api.Tenant t = Api.tenant();
        t.owner().as().body(Map.of("name", "Alpha", "slug", "alpha")).post("/api/v1/orgs/" + t.orgId() + "/projects")
                .then().statusCode(201);
        t.owner().as().body(Map.of("name", "Alpha 2", "slug", "alpha")).post("/api/v1/orgs/" + t.orgId()
                + "/projects").then().statusCode(409);
        t.outsider().as().body(Map.of("name", "Alpha", "slug", "alpha")).post("/api/v1/orgs/" + t.outsiderOrgId()
                + "/projects").then().statusCode(201);
    }

    @Test
    void rejectsViewerWritesAndOtherTenants() {
        Api.Tenant t = Api.tenant();
        UUID p = t.project("Guarded");
        t.viewer().as().body(Map.of("name", "X")).post("/api/v1/orgs/" + t.orgId() + "/projects").then()
                .statusCode(403);
        t.viewer().as().body(Map.of("name", "X")).patch("/api/v1/projects/" + p).then().statusCode(403);
        t.member().as().post("/api/v1/projects/" + p + "/archive").then().statusCode(403);
        t.outsider().as().get("/api/v1/projects/" + p).then().statusCode(404);
        t.outsider().as().body(Map.of("name", "X")).patch("/api/v1/projects/" + p).then().statusCode(404);
        t.outsider().as().get("/api/v1/orgs/" + t.orgId() + "/projects").then().statusCode(404);
        t.outsider().as().post("/api/v1/projects/" + p + "/archive").then().statusCode(404);
        Api.anonymous().get("/api/v1/projects/" + p).then().statusCode(401);
    }

    @Test
    void updatesAndClearsOptionalFields() {
        Api.Tenant t = Api.tenant();
        UUID p = t.project("Editable");
        t.member().as().body(Map.of("description", "New", "gitRepoUrl", "https://github.com/acme/x"))
                .patch("/api/v1/projects/" + p).then().statusCode(200).body("description", equalTo("New"));
        t.member().as().body(Map.of("description", "", "gitRepoUrl", "")).patch("/api/v1/projects/" + p)
                .then().statusCode(200).body("description", nullValue()).body("gitRepoUrl", nullValue());
        assertThat(Api.events("ProjectUpdated", p)).isEqualTo(2);
        t.member().as().body(Map.of("slug", "Bad Slug")).patch("/api/v1/projects/" + p).then().statusCode(400);
    }

    @Test
    void archivedProjectIsReadOnlyUntilUnarchived() {
        Api.Tenant t = Api.tenant();
        UUID p = t.project("Old stuff");
        UUID prd = t.prd(p, "Legacy", "# Legacy\n");
        t.admin().as().post("/api/v1/projects/" + p + "/archive").then().statusCode(200)
                .body("archived", equalTo(true)).body("archivedAt", notNullValue());
        assertThat(Api.events("ProjectArchived", p)).isEqualTo(1);
        t.owner().as().body(Map.of("name", "Renamed")).patch("/api/v1/projects/" + p).then().statusCode(409);
        t.owner().as().body(Map.of("title", "New")).post("/api/v1/projects/" + p + "/prds").then().statusCode(409);
        t.owner().as().body(Map.of("content", "changed")).patch("/api/v1/prds/" + prd).then().statusCode(409);
        t.owner().as().body(Map.of("bump", "minor")).post("/api/v1/prds/" + prd + "/versions").then()
                .statusCode(409);
        t.owner().as().get("/api/v1/prds/" + prd).then().statusCode(200);
        t.owner().as().get("/api/v1/orgs/" + t.orgId() + "/projects").then().body("items.id",
                not(hasItem(p.toString())));
        t.owner().as().queryParam("includeArchived", true).get("/api/v1/orgs/" + t.orgId() + "/projects").then()
                .body("items.id", hasItem(p.toString()));
        t.admin().as().post("/api/v1/projects/" + p + "/unarchive").then().statusCode(200)
                .body("archived", equalTo(false));
        t.owner().as().body(Map.of("name", "Renamed")).patch("/api/v1/projects/" + p).then().statusCode(200);
    }
}
