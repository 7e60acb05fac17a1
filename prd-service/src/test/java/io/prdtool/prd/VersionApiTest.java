package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
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

@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class VersionApiTest {

    static String version(Api.User who, UUID prd, Map<String, Object> body, int expected) {
        return who.as().body(body).post("/api/v1/prds/" + prd + "/versions").then().statusCode(expected).extract()
                .path("version");
    }

    @Test
    void bumpsLikeSeedIncrementVersion() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Versioned", "# One\n");
        assertThat(version(t.member(), prd, Map.of("bump", "patch", "changelog", "typo"), 201)).isEqualTo("1.0.1");
        assertThat(version(t.member(), prd, Map.of("bump", "minor"), 201)).isEqualTo("1.1.0");
        assertThat(version(t.member(), prd, Map.of("bump", "patch"), 201)).isEqualTo("1.1.1");
        assertThat(version(t.member(), prd, Map.of("bump", "major"), 201)).isEqualTo("2.0.0");
        assertThat(version(t.member(), prd, Map.of("version", "2.5.0"), 201)).isEqualTo("2.5.0");
        t.member().as().get("/api/v1/prds/" + prd).then().body("currentVersion", equalTo("2.5.0"));
        assertThat(Api.events("PrdVersionCreated", prd)).isEqualTo(6);
        t.viewer().as().get("/api/v1/prds/" + prd + "/versions").then().statusCode(200)
                .body("items.version", equalTo(List.of("2.5.0", "2.0.0", "1.1.1", "1.1.0", "1.0.1", "1.0.0")))
                .body("items[0].content", nullValue());
        t.viewer().as().get("/api/v1/prds/" + prd + "/versions/1.0.1").then().statusCode(200)
                .body("content", equalTo("# One\n")).body("changelog", equalTo("typo"));
    }

    @Test
    void answersMalformedVersionsAndUnknownBumpsWith400AndWritesNothing() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Strict", "# S");
        long before = Api.count("SELECT count(*) FROM prd_versions WHERE prd_id = '" + prd + "'");
        t.member().as().body(Map.of("bump", "huge")).post("/api/v1/prds/" + prd + "/versions").then()
                .statusCode(400).body("allowed", equalTo(List.of("major", "minor", "patch")));
        for (String bad : List.of("1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.x.0", "", "99999999.0.0")) {
            t.member().as().body(Map.of("version", bad)).post("/api/v1/prds/" + prd + "/versions").then()
                    .statusCode(400);
        }
        t.member().as().body(Map.of()).post("/api/v1/prds/" + prd + "/versions").then().statusCode(400);
        t.member().as().body(Map.of("bump", "minor", "version", "3.0.0")).post("/api/v1/prds/" + prd + "/versions")
                .then().statusCode(400);
        t.member().as().body(Map.of("version", "1.0.0")).post("/api/v1/prds/" + prd + "/versions").then()
                .statusCode(409);
        t.member().as().get("/api/v1/prds/" + prd + "/versions/1.x").then().statusCode(400);
        t.member().as().get("/api/v1/prds/" + prd + "/versions/9.9.9").then().statusCode(404);
        assertThat(Api.count("SELECT count(*) FROM prd_versions WHERE prd_id = '" + prd + "'")).isEqualTo(before);
    }

    @Test
    void comparesAnyTwoVersionsByLineAndWord() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Diff", "# Diff\n\nThe quick brown fox\nsecond line\n");
        t.member().as().body(Map.of("content", "# Diff\n\nThe quick red fox\nsecond line\nthird line\n"))
                .patch("/api/v1/prds/" + prd).then().statusCode(200);
        version(t.member(), prd, Map.of("bump", "minor"), 201);
        t.viewer().as().queryParam("from", "1.0.0").queryParam("to", "1.1.0")
                .get("/api/v1/prds/" + prd + "/versions/compare").then().statusCode(200)
                .body("linesAdded", equalTo(2)).body("linesRemoved", equalTo(1))
                .body("lines[0].type", equalTo("change"))
                .body("lines[0].sourceLines", equalTo(List.of("The quick brown fox")))
                .body("unifiedDiff", containsString("-The quick brown fox"))
                .body("unifiedDiff", containsString("+The quick red fox"))
                .body("words.find { it.op == 'delete' }.text", equalTo("brown"))
                .body("words.find { it.op == 'insert' }.text", equalTo("red"));
        t.viewer().as().queryParam("from", "1.0.0").get("/api/v1/prds/" + prd + "/versions/compare").then()
                .statusCode(400);
        t.viewer().as().queryParam("from", "1.0").queryParam("to", "1.1.0")
                .get("/api/v1/prds/" + prd + "/versions/compare").then().statusCode(400);
        t.outsider().as().queryParam("from", "1.0.0").queryParam("to", "1.1.0")
                .get("/api/v1/prds/" + prd + "/versions/compare").then().statusCode(404);
    }

    @Test
    void restoresAnOldVersionAsANewVersionWithoutRewritingHistory() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Restore", "# Original\n");
        t.member().as().body(Map.of("content", "# Rewritten\n")).patch("/api/v1/prds/" + prd).then().statusCode(200);
        version(t.member(), prd, Map.of("bump", "minor"), 201);
        t.member().as().body(Map.of("changelog", "Back to the original")).post("/api/v1/prds/" + prd
                + "/versions/1.0.0/restore").then().statusCode(201)
                .body("version", equalTo("1.2.0")).body("restoredFrom", equalTo("1.0.0"))
                .body("content", equalTo("# Original\n"));
        t.member().as().get("/api/v1/prds/" + prd).then().body("content", equalTo("# Original\n"))
                .body("currentVersion", equalTo("1.2.0"));
        t.member().as().get("/api/v1/prds/" + prd + "/versions/1.1.0").then().body("content", equalTo(
                "# Rewritten\n"));
        t.viewer().as().post("/api/v1/prds/" + prd + "/versions/1.0.0/restore").then().statusCode(403);
        t.outsider().as().post("/api/v1/prds/" + prd + "/versions/1.0.0/restore").then().statusCode(404);
        Api.anonymous().post("/api/v1/prds/" + prd + "/versions/1.0.0/restore").then().statusCode(401);
        t.member().as().body(Map.of("bump", "giant")).post("/api/v1/prds/" + prd + "/versions/1.0.0/restore")
                .then().statusCode(400);
        t.member().as().post("/api/v1/prds/" + prd + "/versions/7.0.0/restore").then().statusCode(404);
        assertThat(Api.count("SELECT count(*) FROM prd_versions WHERE prd_id = '" + prd + "'")).isEqualTo(3);
    }

    @Test
    void restoringIntoAnApprovedPrdInvalidatesTheApproval() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Approved", "# A\n");
        t.member().as().body(Map.of("content", "# B\n")).patch("/api/v1/prds/" + prd).then().statusCode(200);
        t.member().as().body(Map.of("status", "in_review")).post("/api/v1/prds/" + prd + "/status").then()
                .statusCode(200);
        t.admin().as().post("/api/v1/prds/" + prd + "/approve").then().statusCode(200);
        t.member().as().post("/api/v1/prds/" + prd + "/versions/1.0.0/restore").then().statusCode(201);
        t.member().as().get("/api/v1/prds/" + prd).then().body("status", equalTo("in_review"));
        assertThat(Api.events("PrdApprovalInvalidated", prd)).isEqualTo(1);
    }

    @Test
    void exportsAVersionAsMarkdownWithFrontMatter() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Export \"me\"", "# Export\n\nBody\n");
        var response = t.viewer().as().accept("text/markdown").get("/api/v1/prds/" + prd
                + "/versions/1.0.0/export").then().statusCode(200)
                .header("Content-Disposition", containsString("export-me-v1.0.0.md")).extract();
        assertThat(response.asString()).startsWith("---\ntitle: \"Export \\\"me\\\"\"\nprd_id: " + prd)
                .contains("version: 1.0.0\n").endsWith("---\n\n# Export\n\nBody\n");
        t.outsider().as().get("/api/v1/prds/" + prd + "/versions/1.0.0/export").then().statusCode(404);
        Api.anonymous().get("/api/v1/prds/" + prd + "/versions/1.0.0/export").then().statusCode(401);
    }

    @Test
    void rejectsVersionWritesByViewersAndOutsiders() {
        Api.Tenant t = Api.tenant();
        UUID prd = t.prd(t.project("P"), "Guarded", "# G");
        version(t.viewer(), prd, Map.of("bump", "minor"), 403);
        version(t.outsider(), prd, Map.of("bump", "minor"), 404);
        Api.anonymous().body(Map.of("bump", "minor")).post("/api/v1/prds/" + prd + "/versions").then()
                .statusCode(401);
        t.outsider().as().get("/api/v1/prds/" + prd + "/versions").then().statusCode(404);
        t.outsider().as().get("/api/v1/prds/" + prd + "/versions/1.0.0").then().statusCode(404);
        assertThat(Api.count("SELECT count(*) FROM prd_versions WHERE prd_id = '" + prd + "'")).isEqualTo(1);
    }
}
