package io.prdtool.prd;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Markdown import: JSON, file upload and raw body; front matter; export → import; bad input; tenants and roles. */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class PrdImportTest {

    private static String importPath(UUID project) {
        return "/api/v1/projects/" + project + "/prds/import";
    }

    private static RequestSpecification upload(Api.User who, String filename, byte[] bytes, String type) {
        return given().auth().oauth2(who.token()).multiPart("file", filename, bytes, type);
    }

    private static RequestSpecification raw(Api.User who, String contentType, byte[] body) {
        return given().auth().oauth2(who.token()).contentType(contentType).body(body);
    }

    private static long prdsIn(UUID project) {
        return Api.count("SELECT count(*) FROM prds WHERE project_id = '" + project + "'");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.log().ifValidationFails().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status));
    }

    @Test
    void importsJsonWithFrontMatterMappedToFieldsLikeANewPrd() {
        Api.Tenant t = Api.tenant();
        UUID template = TemplateApiTest.template(t, "Feature", false);
        UUID project = t.project("Imports");
        String markdown = "---\n"
                + "title: One-click checkout\n"
                + "slug: one-click\n"
                + "status: draft\n"
                + "template_id: " + template + "\n"
                + "metadata:\n  priority: P1\n  labels: [payments, 'yes']\n  effort: 3\n  flag: no\n"
                + "---\n\n"
                + "# One-click checkout\n\n## Problem\n\nCheckout takes 4 steps.\n";
        var created = t.member().as().body(Map.of("markdown", markdown)).post(importPath(project)).then()
                .log().ifValidationFails().statusCode(201)
                .header("Location", containsString("/api/v1/prds/"))
                .body("title", equalTo("One-click checkout"))
                .body("slug", equalTo("one-click"))
                .body("status", equalTo("draft"))
                .body("templateId", equalTo(template.toString()))
                .body("currentVersion", equalTo("1.0.0"))
                .body("content", equalTo("# One-click checkout\n\n## Problem\n\nCheckout takes 4 steps.\n"))
                .body("metadata.priority", equalTo("P1"))
                .body("metadata.labels", equalTo(List.of("payments", "yes")))
                .body("metadata.effort", equalTo(3))
                // YAML 1.2: `no` is a string, not a boolean
                .body("metadata.flag", equalTo("no"))
                .extract();
        UUID prd = UUID.fromString(created.path("id"));
        assertThat(Api.events("PrdCreated", prd)).isEqualTo(1);
        assertThat(Api.events("PrdVersionCreated", prd)).isEqualTo(1);
        t.viewer().as().get("/api/v1/prds/" + prd + "/versions").then()
                .body("items.changelog", equalTo(List.of("Imported from Markdown")));
    }

    @Test
    void jsonFieldsOverrideTheFrontMatter() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Overrides");
        t.member().as().body(Map.of("markdown", "---\ntitle: From the file\nmetadata: {a: 1}\n---\nBody\n",
                "title", "From the caller", "metadata", Map.of("b", 2)))
                .post(importPath(project)).then().statusCode(201)
                .body("title", equalTo("From the caller"))
                .body("metadata", equalTo(Map.of("b", 2)))
                .body("content", equalTo("Body\n"));
    }

    @Test
    void importsAnUploadedFileTitledByItsHeadingOrItsName() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Uploads");
        upload(t.member(), "notes.md", utf8("Intro\n\n```\n# not a title\n```\n\n# Search revamp\n\nText\n"),
                "text/markdown")
                .post(importPath(project)).then().log().ifValidationFails().statusCode(201)
                .body("title", equalTo("Search revamp"))
                .body("content", equalTo("Intro\n\n```\n# not a title\n```\n\n# Search revamp\n\nText\n"));
        upload(t.member(), "release-plan.md", utf8("No heading here.\n"), "application/octet-stream")
                .post(importPath(project)).then().statusCode(201).body("title", equalTo("release-plan"));
        upload(t.member(), "x.md", utf8("\uFEFF# Ignored\n"), "text/markdown; charset=UTF-8")
                .multiPart("title", "Given").multiPart("slug", "given-slug")
                .post(importPath(project)).then().statusCode(201)
                .body("title", equalTo("Given")).body("slug", equalTo("given-slug"))
                // the byte order mark is not content
                .body("content", equalTo("# Ignored\n"));
    }

    @Test
    void importsARawMarkdownBody() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Raw");
        raw(t.member(), "text/markdown; charset=UTF-8", utf8("---\ntitle: Über raw\n---\n\nÄ body ✓\n"))
                .post(importPath(project)).then().log().ifValidationFails().statusCode(201)
                .body("title", equalTo("Über raw")).body("content", equalTo("Ä body ✓\n"));
    }

    @Test
    void exportThenImportGivesTheSameTitleMetadataAndContent() {
        Api.Tenant t = Api.tenant();
        UUID source = t.project("Source");
        UUID target = t.project("Target");
        String title = "Ship \"it\": a\\b #1 — yes";
        String content = "\n# Heading\n\n---\n\nA rule above, a fence below\n\n```yaml\n---\nkey: v\n---\n```\n";
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("priority", "P1");
        metadata.put("labels", List.of("payments", "true", "1.5"));
        metadata.put("effort", 3);
        metadata.put("done", false);
        metadata.put("nested", Map.of("owner", "team: search"));
        String id = t.member().as().body(Map.of("title", title, "content", content, "metadata", metadata))
                .post("/api/v1/projects/" + source + "/prds").then().statusCode(201).extract().path("id");
        byte[] exported = t.viewer().as().accept("text/markdown")
                .get("/api/v1/prds/" + id + "/versions/1.0.0/export").then().statusCode(200).extract().asByteArray();

        var viaJson = t.member().as().body(Map.of("markdown", new String(exported, StandardCharsets.UTF_8)))
                .post(importPath(target)).then().log().ifValidationFails().statusCode(201).extract();
        assertThat((String) viaJson.path("title")).isEqualTo(title);
        assertThat((String) viaJson.path("content")).isEqualTo(content);
        assertThat((Map<String, Object>) viaJson.path("metadata")).isEqualTo(metadata);

        var viaFile = upload(t.member(), "export.md", exported, "text/markdown").post(importPath(target)).then()
                .statusCode(201).extract();
        assertThat((String) viaFile.path("title")).isEqualTo(title);
        assertThat((String) viaFile.path("content")).isEqualTo(content);
        assertThat((String) viaFile.path("contentHash")).isEqualTo(viaJson.path("contentHash"));
    }

    @Test
    void badFrontMatterIs400NamingTheKeyAndNothingIsStored() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Bad front matter");
        t.member().id(); // provisioned (UserProvisioned) before counting events
        long outbox = Api.outboxSize();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("---\ntitle: X\nowner: alice\n---\nBody", "frontMatter.owner");
        cases.put("---\ntitle: 12345\n---\nBody", "frontMatter.title");
        cases.put("---\ntitle: X\nstatus: published\n---\nBody", "frontMatter.status");
        cases.put("---\ntitle: X\nmetadata: nope\n---\nBody", "frontMatter.metadata");
        cases.put("---\ntitle: X\nmetadata:\n  blob: !!binary aGVsbG8=\n---\nBody", "frontMatter.metadata.blob");
        cases.put("---\ntitle: X\nmetadata:\n  n: .nan\n---\nBody", "frontMatter.metadata.n");
        cases.put("---\ntitle: X\ntemplate_id: not-a-uuid\n---\nBody", "frontMatter.template_id");
        cases.put("---\ntitle: X\napprover_ids: someone\n---\nBody", "frontMatter.approver_ids");
        cases.put("---\ntitle: \"a\\0b\"\n---\nBody", "frontMatter.title");
        cases.put("---\ntitle: X\ntitle: Y\n---\nBody", "markdown");
        cases.put("---\ntitle: [unclosed\n---\nBody", "markdown");
        cases.put("---\n- a list\n---\nBody", "markdown");
        cases.put("---\ntitle: X\nBody without an end of front matter\n", "markdown");
        cases.put("No title anywhere\n", "title");
        cases.forEach((markdown, field) -> problem(t.member().as().body(Map.of("markdown", markdown))
                .post(importPath(project)).then(), 400).body("errors[0].field", equalTo(field)));
        assertThat(prdsIn(project)).isZero();
        assertThat(Api.outboxSize()).isEqualTo(outbox);
    }

    @Test
    void badBytesNulsWrongTypesAndSizeAre4xxProblemsAndNothingIsStored() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Bad input");
        String path = importPath(project);
        problem(t.member().as().body(Map.of("markdown", "# A\u0000B")).post(path).then(), 400);
        problem(t.member().as().body(Map.of("markdown", 12345)).post(path).then(), 400)
                .body("detail", containsString("markdown"));
        problem(t.member().as().body(Map.of("markdown", "# A", "metadata", "nope")).post(path).then(), 400);
        problem(t.member().as().body(Map.of("markdown", "# A", "title", 7)).post(path).then(), 400);
        problem(t.member().as().body(Map.of("title", "No document")).post(path).then(), 400);
        problem(t.member().as().body(Map.of("markdown", "# Big\n" + "x".repeat(1_000_000))).post(path).then(), 400)
                .body("errors[0].field", equalTo("markdown"));

        byte[] latin1 = "# Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        problem(upload(t.member(), "bad.md", latin1, "text/markdown").post(path).then(), 400)
                .body("errors[0].field", equalTo("file")).body("detail", containsString("UTF-8"));
        problem(upload(t.member(), "nul.md", utf8("# A\u0000B"), "text/markdown").post(path).then(), 400)
                .body("errors[0].field", equalTo("file"));
        problem(upload(t.member(), "x.png", new byte[]{(byte) 0x89, 'P', 'N', 'G'}, "image/png").post(path).then(),
                415);
        problem(upload(t.member(), "x.md", utf8("# A"), "text/markdown").multiPart("templateId", "nope")
                .post(path).then(), 400).body("errors[0].field", equalTo("templateId"));
        problem(given().auth().oauth2(t.member().token()).multiPart("title", "No file").post(path).then(), 400)
                .body("errors[0].field", equalTo("file"));

        problem(raw(t.member(), "text/markdown; charset=UTF-8", latin1).post(path).then(), 400)
                .body("errors[0].field", equalTo("body"));
        problem(raw(t.member(), "text/markdown; charset=ISO-8859-1", latin1).post(path).then(), 415);
        problem(raw(t.member(), "application/xml", utf8("<a/>")).post(path).then(), 415);
        assertThat(prdsIn(project)).isZero();
    }

    @Test
    void importChecksTenantAndRoleForEveryBodyKind() {
        Api.Tenant t = Api.tenant();
        UUID project = t.project("Guarded");
        String path = importPath(project);
        problem(t.viewer().as().body(Map.of("markdown", "# V")).post(path).then(), 403);
        problem(upload(t.viewer(), "v.md", utf8("# V"), "text/markdown").post(path).then(), 403);
        problem(raw(t.viewer(), "text/markdown; charset=UTF-8", utf8("# V")).post(path).then(), 403);
        problem(t.outsider().as().body(Map.of("markdown", "# O")).post(path).then(), 404);
        problem(upload(t.outsider(), "o.md", utf8("# O"), "text/markdown").post(path).then(), 404);
        problem(raw(t.outsider(), "text/markdown; charset=UTF-8", utf8("# O")).post(path).then(), 404);
        problem(given().multiPart("file", "a.md", utf8("# A"), "text/markdown").post(path).then(), 401);
        problem(given().contentType("text/markdown; charset=UTF-8").body(utf8("# A")).post(path).then(), 401);
        problem(t.member().as().body(Map.of("markdown", "# M")).post(importPath(UUID.randomUUID())).then(), 404);
        assertThat(prdsIn(project)).isZero();
        // a slug taken in the project is a conflict, as for any new PRD
        t.member().as().body(Map.of("markdown", "---\nslug: taken\n---\n# A\n")).post(path).then().statusCode(201);
        problem(t.member().as().body(Map.of("markdown", "---\nslug: taken\n---\n# B\n")).post(path).then(), 409);
    }
}
