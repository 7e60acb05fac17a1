package io.prdtool.prd;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.prd.common.Hashes;
import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.prdtool.testinfra.Sql;
import io.prdtool.testinfra.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** What services working without a user get: the version's Markdown on the event, or by claim-check. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class ServiceVersionApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RequestSpecification service() {
        String token = Tokens.forTests().token("service-account-integration", "integration@service.prdtool.local",
                "integration-service",
                Set.of("prdtool-service"), Duration.ofMinutes(5));
        return given().auth().oauth2(token);
    }

    private static JsonNode lastEvent(String type, UUID prd) throws Exception {
        return JSON.readTree(Sql.text("prd", "SELECT payload::text FROM outbox WHERE event_type = '" + type
                + "' AND aggregate_id = '" + prd + "' ORDER BY id DESC LIMIT 1"));
    }

    @Test
    void versionEventsCarryTheMarkdownTitleSlugAndStatusAndPrdEventsTheApprovers() throws Exception {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Checkout", "# Checkout\n\nPay with *one* click.\n");
        JsonNode created = lastEvent("PrdVersionCreated", prd);
        assertThat(created.get("markdown").asText()).isEqualTo("# Checkout\n\nPay with *one* click.\n");
        assertThat(created.get("contentBytes").asInt()).isEqualTo(34);
        assertThat(created.get("title").asText()).isEqualTo("Checkout");
        assertThat(created.get("slug").asText()).isEqualTo("checkout");
        assertThat(created.get("status").asText()).isEqualTo("draft");
        assertThat(created.get("contentHash").asText())
                .isEqualTo(Hashes.sha256("# Checkout\n\nPay with *one* click.\n"));
        assertThat(lastEvent("PrdCreated", prd).get("approverIds").size()).isZero();

        UUID admin = t.admin().id();
        t.owner().as().body(Map.of("userIds", List.of(admin))).put("/api/v1/prds/" + prd + "/approvers").then()
                .statusCode(200);
        assertThat(lastEvent("PrdUpdated", prd).get("approverIds").get(0).asText()).isEqualTo(admin.toString());
    }

    @Test
    void aServiceAccountReadsAVersionOfThePrdsOrganizationAndNobodyElseDoes() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Claim", "# Claim\n");
        String url = "/api/v1/service/prds/" + prd + "/versions/1.0.0/content";
        service().queryParam("organizationId", t.orgId()).get(url).then().statusCode(200)
                .header("Content-SHA256", Hashes.sha256("# Claim\n")).body(equalTo("# Claim\n"));
        // a person, even the PRD's owner, is not a service account
        t.owner().as().queryParam("organizationId", t.orgId()).get(url).then().statusCode(403);
        given().queryParam("organizationId", t.orgId()).get(url).then().statusCode(401);
        // another organization's id, an unknown PRD or version: 404; no organization or a malformed version: 400
        service().queryParam("organizationId", t.outsiderOrgId()).get(url).then().statusCode(404)
                .contentType("application/problem+json");
        service().queryParam("organizationId", t.orgId())
                .get("/api/v1/service/prds/" + UUID.randomUUID() + "/versions/1.0.0/content").then().statusCode(404);
        service().queryParam("organizationId", t.orgId())
                .get("/api/v1/service/prds/" + prd + "/versions/9.9.9/content").then().statusCode(404);
        service().get(url).then().statusCode(400).contentType("application/problem+json");
        service().queryParam("organizationId", t.orgId())
                .get("/api/v1/service/prds/" + prd + "/versions/1.x/content").then().statusCode(400);
    }

    @Test
    void aVersionAboveTheInlineLimitTravelsByClaimCheck() throws Exception {
        Api.Tenant t = Api.tenant();
        String big = "# Big\n\n" + "All work and no play makes a long PRD. ".repeat(7_000);
        UUID prd = t.prd(t.project("P"), "Big", big);
        JsonNode created = lastEvent("PrdVersionCreated", prd);
        assertThat(created.path("markdown").isMissingNode() || created.get("markdown").isNull()).isTrue();
        assertThat(created.get("contentBytes").asInt()).isGreaterThan(256 * 1024);
        service().queryParam("organizationId", t.orgId())
                .get("/api/v1/service/prds/" + prd + "/versions/1.0.0/content").then().statusCode(200)
                .header("Content-SHA256", created.get("contentHash").asText());
    }
}
