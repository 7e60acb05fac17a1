package io.prdtool.prd;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Edges of the single-statement read path (PrdReads): empty pages, unknown projects, deactivated organizations. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class PrdReadPathTest {

    @Test
    void anEmptyProjectListsNoItemsAndAnUnknownOneIsNotFound() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Empty");
        t.viewer().as().get("/api/v1/projects/" + project + "/prds").then().statusCode(200)
                .body("items", empty()).body("nextOffset", nullValue());
        t.viewer().as().queryParam("status", "draft").queryParam("offset", 40)
                .get("/api/v1/projects/" + project + "/prds").then().statusCode(200).body("items", empty());
        t.viewer().as().get("/api/v1/projects/" + UUID.randomUUID() + "/prds").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aPrdReadsAsStoredWithMetadataAndApprovers() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Full");
        UUID prd = UUID.fromString(t.admin().as().body(Map.of("title", "Full", "content", "# Full\n", "metadata",
                Map.of("priority", "P1", "nested", Map.of("effort", 3)), "approverIds",
                List.of(t.admin().id().toString())))
                .post("/api/v1/projects/" + project + "/prds").then().statusCode(201).extract().path("id"));
        t.viewer().as().get("/api/v1/prds/" + prd).then().statusCode(200)
                .body("metadata.priority", equalTo("P1")).body("metadata.nested.effort", equalTo(3))
                .body("approverIds[0]", equalTo(t.admin().id().toString()))
                .body("allowedTransitions", equalTo(List.of("in_review", "archived")))
                .body("approval", nullValue());
    }

    @Test
    void aDeactivatedOrganizationsPrdsAreNotFound() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Closing");
        UUID prd = t.prd(project, "Closing", "# Closing\n");
        t.viewer().as().get("/api/v1/prds/" + prd).then().statusCode(200);
        Api.exec("UPDATE organizations SET is_active = false WHERE id = '" + t.orgId() + "'");
        t.viewer().as().get("/api/v1/prds/" + prd).then().statusCode(404);
        t.owner().as().get("/api/v1/projects/" + project + "/prds").then().statusCode(404);
    }
}
