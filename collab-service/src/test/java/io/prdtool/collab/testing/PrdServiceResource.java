package io.prdtool.collab.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.prdtool.collab.testing.Fixtures.Prd;
import io.prdtool.testinfra.PackagedService;
import io.prdtool.testinfra.Tokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.http.ContentType;

/**
 * The real prd-service (packaged, its own process on this JVM's PostgreSQL and Kafka) as collab-service asks it about
 * PRDs its access projection has not seen yet. Its outbox relay is off, so the PRDs created there never reach
 * collab-service's projection by themselves: exactly the moment the fallback is for. A test makes "the events
 * arrived" happen by writing the projection rows itself. Global (like every test resource): every test profile points
 * {@code prdtool.collab.access.prd-service-url} at it.
 */
public class PrdServiceResource implements QuarkusTestResourceLifecycleManager {

    private static PackagedService prdService;

    @Override
    public Map<String, String> start() {
        return Map.of("prdtool.collab.access.prd-service-url", url());
    }

    /** The base URL of the running prd-service (started on first use, once per JVM). */
    public static synchronized String url() {
        if (prdService == null) {
            prdService = PackagedService.shared("prd-service", "-Dprdtool.outbox.relay.enabled=false");
        }
        return prdService.url();
    }

    /**
     * A PRD created in prd-service by {@code subject} (who owns its new organization), not yet known to collab-service.
     */
    public static Prd createdBy(String subject) {
        String token = Tokens.forTests().token(subject, subject + "@example.com", "Creator " + subject);
        String slug = "org-" + UUID.randomUUID().toString().substring(0, 8);
        String org = call(token).body(Map.of("name", "Org " + slug, "slug", slug)).post("/api/v1/orgs").then()
                .statusCode(201).extract().path("id");
        String project = call(token).body(Map.of("name", "P")).post("/api/v1/orgs/" + org + "/projects").then()
                .statusCode(201).extract().path("id");
        String prd = call(token).body(Map.of("title", "Brand new", "content", "# Brand new\n"))
                .post("/api/v1/projects/" + project + "/prds").then().statusCode(201).extract().path("id");
        return new Prd(UUID.fromString(prd), UUID.fromString(org));
    }

    /**
     * A PRD imported into prd-service from {@code markdown} by {@code subject} (who owns its new organization), not yet
     * known to collab-service. Emits its id, organization and the content prd-service stored.
     */
    public static Imported imported(String subject, String markdown) {
        String token = Tokens.forTests().token(subject, subject + "@example.com", "Importer " + subject);
        String slug = "org-" + UUID.randomUUID().toString().substring(0, 8);
        String org = call(token).body(Map.of("name", "Org " + slug, "slug", slug)).post("/api/v1/orgs").then()
                .statusCode(201).extract().path("id");
        String project = call(token).body(Map.of("name", "P")).post("/api/v1/orgs/" + org + "/projects").then()
                .statusCode(201).extract().path("id");
        var prd = call(token).body(Map.of("markdown", markdown)).post("/api/v1/projects/" + project + "/prds/import")
                .then().statusCode(201).extract();
        return new Imported(new Prd(UUID.fromString(prd.path("id")), UUID.fromString(org)), prd.path("content"));
    }

    /** A PRD imported into prd-service, and the content prd-service holds for it. */
    public record Imported(Prd prd, String content) {
    }

    private static io.restassured.specification.RequestSpecification call(String token) {
        return given().baseUri(url()).contentType(ContentType.JSON).auth().oauth2(token);
    }

    @Override
    public void stop() {
        // PackagedService stops it with the JVM
    }
}
