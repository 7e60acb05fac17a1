package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Input PostgreSQL or the model cannot hold answers 400 with a problem body naming the field, and writes nothing: a
 * NUL character in any text, a JSON value of the wrong type (never coerced), a body of the wrong shape.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class BadInputTest {

    private static ValidatableResponse problem400(ValidatableResponse r) {
        return r.log().ifValidationFails().statusCode(400).contentType("application/problem+json").body("status",
                equalTo(400));
    }

    @Test
    void aNulCharacterInAnyTextFieldIs400AndNothingIsStored() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("P");
        long before = Api.count("SELECT count(*) FROM prds");
        problem400(t.member().as().body(Map.of("title", "Bad\u0000title", "content", "# ok"))
                .post("/api/v1/projects/" + project + "/prds").then()).body("errors[0].field", equalTo("title"));
        problem400(t.member().as().body(Map.of("title", "Fine", "content", "# a\u0000b"))
                .post("/api/v1/projects/" + project + "/prds").then()).body("errors[0].field", equalTo("content"));
        problem400(t.member().as().body(Map.of("title", "Fine", "metadata", Map.of("k", "v\u0000")))
                .post("/api/v1/projects/" + project + "/prds").then()).body("detail", containsString("NUL"));
        assertThat(Api.count("SELECT count(*) FROM prds")).isEqualTo(before);

        UUID prd = t.prd(project, "Clean", "# Clean");
        problem400(t.member().as().body(Map.of("title", "\u0000")).patch("/api/v1/prds/" + prd).then());
        problem400(t.owner().as().body(Map.of("name", "Proj\u0000ect")).post("/api/v1/orgs/" + t.orgId() + "/projects")
                .then());
        problem400(t.member().as().queryParam("q", "pay\u0000ment").get("/api/v1/orgs/" + t.orgId() + "/search")
                .then());
        t.member().as().get("/api/v1/prds/" + prd).then().statusCode(200).body("title", equalTo("Clean"));
    }

    @Test
    void aValueOfTheWrongTypeIsNeverCoerced() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("P");
        long before = Api.count("SELECT count(*) FROM prds");
        problem400(t.member().as().body(Map.of("title", 12345)).post("/api/v1/projects/" + project + "/prds").then())
                .body("errors[0].field", equalTo("title"));
        problem400(t.member().as().body(Map.of("title", true)).post("/api/v1/projects/" + project + "/prds").then());
        problem400(t.member().as().body(Map.of("title", "T", "metadata", "nope"))
                .post("/api/v1/projects/" + project + "/prds").then()).body("errors[0].field", equalTo("metadata"));
        problem400(t.member().as().body(Map.of("title", "T", "content", Map.of("a", 1)))
                .post("/api/v1/projects/" + project + "/prds").then());
        problem400(t.member().as().body("[1,2]").post("/api/v1/projects/" + project + "/prds").then());
        problem400(t.member().as().body("\"just a string\"").post("/api/v1/projects/" + project + "/prds").then());
        assertThat(Api.count("SELECT count(*) FROM prds")).isEqualTo(before);
        problem400(t.owner().as().body(Map.of("name", 7)).post("/api/v1/orgs/" + t.orgId() + "/projects").then());
    }
}
