package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

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
class TemplateApiTest {

    static final Map<String, Object> STRUCTURE = Map.of("sections", List.of(
            Map.of("title", "Problem", "guidance", "Who has the problem?", "required", true),
            Map.of("title", "Goals", "required", true),
            Map.of("title", "Open questions")));

    static UUID template(Api.Tenant t, String name, boolean isDefault) {
        return UUID.fromString(t.admin().as().body(Map.of("name", name, "structure", STRUCTURE, "isDefault", isDefault))
                .post("/api/v1/orgs/" + t.orgId() + "/templates").then().statusCode(201).extract().path("id"));
    }

    @Test
    void createsTemplateWithOrderedSectionsAndEvent() {
        Api.Tenant t = Api.tenant();
        UUID id = template(t, "Feature", false);
        assertThat(Api.events("TemplateCreated", id)).isEqualTo(1);
        t.viewer().as().get("/api/v1/templates/" + id).then().statusCode(200)
                .body("structure.sections.title", equalTo(List.of("Problem", "Goals", "Open questions")))
                .body("structure.sections[0].required", equalTo(true))
                .body("structure.sections[2].required", equalTo(false));
        t.viewer().as().get("/api/v1/orgs/" + t.orgId() + "/templates").then().statusCode(200)
                .body("items.id", hasItem(id.toString()));
    }

    @Test
    void keepsExactlyOneDefaultPerOrganization() {
        Api.Tenant t = Api.tenant();
        UUID first = template(t, "First", true);
        UUID second = template(t, "Second", true);
        t.owner().as().get("/api/v1/templates/" + first).then().body("isDefault", equalTo(false));
        t.owner().as().get("/api/v1/templates/" + second).then().body("isDefault", equalTo(true));
        t.owner().as().body(Map.of("isDefault", true)).patch("/api/v1/templates/" + first).then().statusCode(200)
                .body("isDefault", equalTo(true));
        assertThat(Api.count("SELECT count(*) FROM prd_templates WHERE is_default AND organization_id = '"
                + t.orgId() + "'")).isEqualTo(1);
    }

    @Test
    void rendersMarkdownSkeletonWithGuidance() {
        Api.Tenant t = Api.tenant();
        UUID id = template(t, "Skeleton", false);
        String md = t.viewer().as().accept("text/markdown").queryParam("title", "Search v2")
                .get("/api/v1/templates/" + id + "/skeleton").then().statusCode(200).extract().asString();
        assertThat(md).startsWith("# Search v2\n\n## Problem\n\n<!-- Required. Who has the problem? -->")
                .contains("## Goals\n\n<!-- Required. -->").contains("## Open questions\n");
    }

    @Test
    void rejectsMalformedStructuresAndWritesNothing() {
        Api.Tenant t = Api.tenant();
        String url = "/api/v1/orgs/" + t.orgId() + "/templates";
        long before = Api.count("SELECT count(*) FROM prd_templates WHERE organization_id = '" + t.orgId() + "'");
        t.owner().as().body(Map.of("name", "Empty", "structure", Map.of("sections", List.of()))).post(url)
                .then().statusCode(400);
        t.owner().as().body(Map.of("name", "NoTitle", "structure", Map.of("sections", List.of(Map.of("guidance",
                "x"))))).post(url).then().statusCode(400).body("errors.field", hasItem(containsString("title")));
        t.owner().as().body(Map.of("name", "Dup", "structure", Map.of("sections", List.of(Map.of("title", "A"),
                Map.of("title", "a"))))).post(url).then().statusCode(400);
        t.owner().as().body(Map.of("name", "Heading", "structure", Map.of("sections", List.of(Map.of("title",
                "## injected"))))).post(url).then().statusCode(400);
        t.owner().as().body(Map.of("name", "WrongType", "structure", Map.of("sections", "nope"))).post(url)
                .then().statusCode(400);
        t.owner().as().body(Map.of("name", "NoStructure")).post(url).then().statusCode(400);
        assertThat(Api.count("SELECT count(*) FROM prd_templates WHERE organization_id = '" + t.orgId() + "'"))
                .isEqualTo(before);
        template(t, "Taken", false);
        t.owner().as().body(Map.of("name", "taken", "structure", STRUCTURE)).post(url).then().statusCode(409);
    }

    @Test
    void rejectsMembersViewersOutsidersAndAnonymous() {
        Api.Tenant t = Api.tenant();
        UUID id = template(t, "Guarded", false);
        String url = "/api/v1/orgs/" + t.orgId() + "/templates";
        Map<String, Object> body = Map.of("name", "X", "structure", STRUCTURE);
        t.member().as().body(body).post(url).then().statusCode(403);
        t.viewer().as().body(Map.of("name", "Y")).patch("/api/v1/templates/" + id).then().statusCode(403);
        t.member().as().delete("/api/v1/templates/" + id).then().statusCode(403);
        t.outsider().as().body(body).post(url).then().statusCode(404);
        t.outsider().as().get("/api/v1/templates/" + id).then().statusCode(404);
        t.outsider().as().get("/api/v1/templates/" + id + "/skeleton").then().statusCode(404);
        t.outsider().as().delete("/api/v1/templates/" + id).then().statusCode(404);
        Api.anonymous().get("/api/v1/templates/" + id).then().statusCode(401);
    }

    @Test
    void deletesTemplateButPrdsKeepTheirContent() {
        Api.Tenant t = Api.tenant();
        UUID id = template(t, "Doomed", false);
        UUID project = t.project("P");
        String prd = t.member().as().body(Map.of("title", "From doomed", "templateId", id.toString()))
                .post("/api/v1/projects/" + project + "/prds").then().statusCode(201).extract().path("id");
        t.admin().as().delete("/api/v1/templates/" + id).then().statusCode(204);
        assertThat(Api.events("TemplateDeleted", id)).isEqualTo(1);
        t.member().as().get("/api/v1/prds/" + prd).then().statusCode(200)
                .body("content", containsString("## Problem")).body("templateId", equalTo(null));
        t.admin().as().get("/api/v1/templates/" + id).then().statusCode(404);
    }
}
