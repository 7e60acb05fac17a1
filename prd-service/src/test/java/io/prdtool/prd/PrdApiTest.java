package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.common.Hashes;
import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class PrdApiTest {

    static void status(Api.User who, UUID prd, String status, int expected) {
        who.as().body(Map.of("status", status)).post("/api/v1/prds/" + prd + "/status").then().statusCode(expected);
    }

    @Test
    void createsPrdFromTemplateSkeletonWithInitialVersionAndEvents() {
        Api.Tenant t = Api.tenant();
        UUID template = TemplateApiTest.template(t, "Feature", false);
        UUID project = t.project("Checkout");
        String id = t.member().as().body(Map.of("title", "One-click checkout", "templateId", template.toString(),
                "metadata", Map.of("priority", "P1")))
                .post("/api/v1/projects/" + project + "/prds")
                .then().statusCode(201)
                .body("slug", equalTo("one-click-checkout"))
                .body("status", equalTo("draft"))
                .body("currentVersion", equalTo("1.0.0"))
                .body("content", startsWith("# One-click checkout\n\n## Problem\n"))
                .body("metadata.priority", equalTo("P1"))
                .body("allowedTransitions", equalTo(List.of("in_review", "archived")))
                .body("organizationId", equalTo(t.orgId().toString()))
                .extract().path("id");
        UUID prd = UUID.fromString(id);
        assertThat(Api.events("PrdCreated", prd)).isEqualTo(1);
        assertThat(Api.events("PrdVersionCreated", prd)).isEqualTo(1);
        t.viewer().as().get("/api/v1/prds/" + id + "/versions").then().body("items.version", equalTo(List.of(
                "1.0.0")));
    }

    @Test
    void usesTheOrganizationsDefaultTemplateWhenNoneIsNamed() {
        Api.Tenant t = Api.tenant();
        UUID template = TemplateApiTest.template(t, "Default", true);
        UUID project = t.project("P");
        t.member().as().body(Map.of("title", "Defaulted")).post("/api/v1/projects/" + project + "/prds")
                .then().statusCode(201).body("templateId", equalTo(template.toString()))
                .body("content", containsString("## Goals"));
    }

    @Test
    void derivesUniqueSlugsAndRejectsDuplicateExplicitSlug() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("P");
        String url = "/api/v1/projects/" + project + "/prds";
        t.member().as().body(Map.of("title", "Same Title")).post(url).then().body("slug", equalTo("same-title"));
        t.member().as().body(Map.of("title", "Same title!")).post(url).then().body("slug", equalTo("same-title-2"));
        long before = Api.count("SELECT count(*) FROM prds WHERE project_id = '" + project + "'");
        t.member().as().body(Map.of("title", "Other", "slug", "same-title")).post(url).then().statusCode(409)
                .contentType("application/problem+json");
        t.member().as().body(Map.of("title", "Other", "slug", "Bad Slug")).post(url).then().statusCode(400);
        t.member().as().body(Map.of("slug", "no-title")).post(url).then().statusCode(400);
        t.member().as().body(Map.of("title", "x", "templateId", UUID.randomUUID().toString())).post(url).then()
                .statusCode(400);
        assertThat(Api.count("SELECT count(*) FROM prds WHERE project_id = '" + project + "'")).isEqualTo(before);
    }

    @Test
    void listsProjectPrdsWithStatusFilter() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("P");
        UUID a = t.prd(project, "A", "# A");
        t.prd(project, "B", "# B");
        status(t.member(), a, "in_review", 200);
        t.viewer().as().get("/api/v1/projects/" + project + "/prds").then().statusCode(200)
                .body("items", hasSize(2)).body("items[0].content", nullValue());
        t.viewer().as().queryParam("status", "in_review").get("/api/v1/projects/" + project + "/prds").then()
                .body("items.id", equalTo(List.of(a.toString())));
        t.viewer().as().queryParam("status", "pending").get("/api/v1/projects/" + project + "/prds").then()
                .statusCode(400).body("allowed", hasItem("in_review"));
        t.viewer().as().queryParam("limit", 1).get("/api/v1/projects/" + project + "/prds").then()
                .body("items", hasSize(1)).body("nextOffset", equalTo(1));
        t.outsider().as().get("/api/v1/projects/" + project + "/prds").then().statusCode(404);
    }

    @Test
    void editsContentButNeverProtectedFields() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("P");
        UUID prd = t.prd(project, "Editable", "# v1");
        UUID memberId = t.member().id();
        t.admin().as().body(Map.of("content", "# v2\n", "title", "Edited", "status", "approved", "organizationId",
                t.outsiderOrgId().toString(), "createdBy", UUID.randomUUID().toString(), "id",
                UUID.randomUUID().toString(), "approvedBy", UUID.randomUUID().toString()))
                .patch("/api/v1/prds/" + prd).then().statusCode(200)
                .body("id", equalTo(prd.toString())).body("title", equalTo("Edited")).body("content", equalTo("# v2\n"))
                .body("status", equalTo("draft")).body("organizationId", equalTo(t.orgId().toString()))
                .body("createdBy", equalTo(memberId.toString())).body("approval", nullValue())
                .body("contentHash", equalTo(Hashes.sha256("# v2\n")));
        assertThat(Api.events("PrdUpdated", prd)).isEqualTo(1);
        t.viewer().as().body(Map.of("content", "viewer edit")).patch("/api/v1/prds/" + prd).then().statusCode(403);
        t.outsider().as().body(Map.of("content", "x")).patch("/api/v1/prds/" + prd).then().statusCode(404);
        t.outsider().as().get("/api/v1/prds/" + prd).then().statusCode(404);
        Api.anonymous().get("/api/v1/prds/" + prd).then().statusCode(401);
        t.admin().as().body(Map.of("title", "")).patch("/api/v1/prds/" + prd).then().statusCode(400);
        t.admin().as().body("{\"content\": ").patch("/api/v1/prds/" + prd).then().statusCode(400);
        t.member().as().get("/api/v1/prds/" + prd).then().body("content", equalTo("# v2\n"));
    }

    @Test
    void enforcesTheStatusWorkflowAndListsAllowedTransitions() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Flow", "# Flow");
        t.member().as().body(Map.of("status", "published")).post("/api/v1/prds/" + prd + "/status").then()
                .statusCode(409).contentType("application/problem+json")
                .body("type", containsString("invalid-transition"))
                .body("allowed", equalTo(List.of("in_review", "archived")));
        t.member().as().body(Map.of("status", "done")).post("/api/v1/prds/" + prd + "/status").then()
                .statusCode(400).body("allowed", hasItem("published"));
        status(t.viewer(), prd, "in_review", 403);
        status(t.member(), prd, "in_review", 200);
        status(t.member(), prd, "in_review", 409);
        t.admin().as().post("/api/v1/prds/" + prd + "/approve").then().statusCode(200)
                .body("status", equalTo("approved")).body("approval.approvedBy", equalTo(t.admin().id().toString()))
                .body("approval.contentHash", equalTo(Hashes.sha256("# Flow")));
        status(t.member(), prd, "published", 403);
        status(t.owner(), prd, "published", 200);
        status(t.admin(), prd, "archived", 200);
        t.member().as().body(Map.of("content", "x")).patch("/api/v1/prds/" + prd).then().statusCode(409);
        status(t.member(), prd, "draft", 403);
        t.admin().as().body(Map.of("status", "draft")).post("/api/v1/prds/" + prd + "/status").then()
                .statusCode(200).body("approval", nullValue()).body("status", equalTo("draft"));
        assertThat(Api.events("PrdStatusChanged", prd)).isEqualTo(5);
    }

    @Test
    void refusesReviewWhileRequiredTemplateSectionsAreMissing() {
        Api.Tenant t = Api.tenant();
        UUID template = TemplateApiTest.template(t, "Strict", false);
        UUID project = t.project("P");
        String prd = t.member().as().body(Map.of("title", "Strict", "templateId", template.toString(), "content",
                "# Strict\n\n## Problem\n\nText\n")).post("/api/v1/projects/" + project + "/prds").then()
                .statusCode(201).extract().path("id");
        t.member().as().body(Map.of("status", "in_review")).post("/api/v1/prds/" + prd + "/status").then()
                .statusCode(422).body("detail", containsString("Goals"));
        t.member().as().body(Map.of("content", "# Strict\n\n## Problem\n\nText\n\n## Goals\n\nShip\n"))
                .patch("/api/v1/prds/" + prd).then().statusCode(200);
        t.member().as().body(Map.of("status", "in_review")).post("/api/v1/prds/" + prd + "/status").then()
                .statusCode(200);
    }

    @Test
    void rejectsApprovalByViewerAndMemberButAcceptsNamedApprover() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Needs approval", "# Needs approval");
        status(t.member(), prd, "in_review", 200);
        t.viewer().as().post("/api/v1/prds/" + prd + "/approve").then().statusCode(403);
        t.member().as().post("/api/v1/prds/" + prd + "/approve").then().statusCode(403);
        t.member().as().body(Map.of("status", "approved")).post("/api/v1/prds/" + prd + "/status").then()
                .statusCode(403);
        t.outsider().as().post("/api/v1/prds/" + prd + "/approve").then().statusCode(404);
        Api.anonymous().post("/api/v1/prds/" + prd + "/approve").then().statusCode(401);
        assertThat(Api.count("SELECT count(*) FROM prds WHERE id = '" + prd + "' AND status = 'in_review'"
                + " AND approved_by IS NULL")).isEqualTo(1);
        // naming approvers is for owners and admins; a named viewer may then approve
        UUID viewerId = t.viewer().id();
        t.member().as().body(Map.of("userIds", List.of(viewerId.toString()))).put("/api/v1/prds/" + prd
                + "/approvers").then().statusCode(403);
        t.admin().as().body(Map.of("userIds", List.of(t.outsider().id().toString()))).put("/api/v1/prds/" + prd
                + "/approvers").then().statusCode(400);
        t.admin().as().body(Map.of("userIds", List.of(viewerId.toString()))).put("/api/v1/prds/" + prd
                + "/approvers").then().statusCode(200).body("approverIds", equalTo(List.of(viewerId.toString())));
        t.viewer().as().body(Map.of("contentHash", Hashes.sha256("# Needs approval")))
                .post("/api/v1/prds/" + prd + "/approve").then().statusCode(200)
                .body("status", equalTo("approved")).body("approval.approvedBy", equalTo(viewerId.toString()))
                .body("approval.approvedAt", notNullValue());
        assertThat(Api.events("PrdApproved", prd)).isEqualTo(1);
        t.admin().as().post("/api/v1/prds/" + prd + "/approve").then().statusCode(409)
                .body("allowed", equalTo(List.of("draft", "published")));
    }

    @Test
    void rejectsApprovalOfContentThatChangedSinceReview() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Moving", "# Moving");
        status(t.member(), prd, "in_review", 200);
        t.admin().as().body(Map.of("contentHash", Hashes.sha256("# Something else")))
                .post("/api/v1/prds/" + prd + "/approve").then().statusCode(409);
        t.admin().as().body(Map.of("contentHash", "nothex")).post("/api/v1/prds/" + prd + "/approve").then()
                .statusCode(400);
    }

    @Test
    void contentChangeAfterApprovalInvalidatesItAndSaysSoInAnEvent() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Approved doc", "# Approved\n\nScope A\n");
        status(t.member(), prd, "in_review", 200);
        t.owner().as().post("/api/v1/prds/" + prd + "/approve").then().statusCode(200);
        status(t.owner(), prd, "published", 200);
        // same content again: approval holds
        t.member().as().body(Map.of("content", "# Approved\n\nScope A\n")).patch("/api/v1/prds/" + prd).then()
                .statusCode(200).body("status", equalTo("published"));
        assertThat(Api.events("PrdApprovalInvalidated", prd)).isZero();
        t.member().as().body(Map.of("content", "# Approved\n\nScope A and B\n")).patch("/api/v1/prds/" + prd)
                .then().statusCode(200)
                .body("status", equalTo("in_review")).body("approval", nullValue());
        assertThat(Api.events("PrdApprovalInvalidated", prd)).isEqualTo(1);
        assertThat(Api.count("SELECT count(*) FROM outbox WHERE event_type = 'PrdApprovalInvalidated'"
                + " AND aggregate_id = '" + prd + "' AND payload->>'previousStatus' = 'published'"
                + " AND payload->>'status' = 'in_review' AND payload->>'approvedContentHash' = '"
                + Hashes.sha256("# Approved\n\nScope A\n") + "'")).isEqualTo(1);
        assertThat(Api.count("SELECT count(*) FROM prds WHERE id = '" + prd + "' AND approved_by IS NULL"
                + " AND approved_content_hash IS NULL")).isEqualTo(1);
    }

    @Test
    void deletesPrdForAdminsOnly() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Doomed", "# Doomed");
        t.member().as().delete("/api/v1/prds/" + prd).then().statusCode(403);
        t.outsider().as().delete("/api/v1/prds/" + prd).then().statusCode(404);
        Api.anonymous().delete("/api/v1/prds/" + prd).then().statusCode(401);
        t.admin().as().delete("/api/v1/prds/" + prd).then().statusCode(204);
        assertThat(Api.events("PrdDeleted", prd)).isEqualTo(1);
        t.admin().as().get("/api/v1/prds/" + prd).then().statusCode(404);
        assertThat(Api.count("SELECT count(*) FROM prd_versions WHERE prd_id = '" + prd + "'")).isZero();
    }
}
