package io.prdtool.prd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.prdtool.prd.support.Api;
import io.prdtool.testinfra.InfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Every endpoint, one table: without a token it answers 401; for a caller from another organization everything in
 * this one answers 404; a viewer's writes answer 403. None of these rejections writes anything.
 */
@QuarkusTest
@QuarkusTestResource(InfraResource.class)
class EndpointSecurityTest {

    /** {@code {org}}, {@code {project}}, {@code {template}}, {@code {prd}}, {@code {user}} are filled per tenant. */
    record Endpoint(String method, String path, Map<String, Object> body, boolean tenantScoped, boolean write) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final Map<String, Object> NONE = Map.of();

    static Stream<Endpoint> endpoints() {
        return Stream.of(
                new Endpoint("GET", "/api/v1/users/me", NONE, false, false),
                new Endpoint("PATCH", "/api/v1/users/me", Map.of("name", "X"), false, false),
                new Endpoint("POST", "/api/v1/orgs", Map.of("name", "X"), false, false),
                new Endpoint("GET", "/api/v1/orgs", NONE, false, false),
                new Endpoint("GET", "/api/v1/orgs/{org}", NONE, true, false),
                new Endpoint("PATCH", "/api/v1/orgs/{org}", Map.of("name", "X"), true, true),
                new Endpoint("GET", "/api/v1/orgs/{org}/members", NONE, true, false),
                new Endpoint("POST", "/api/v1/orgs/{org}/members", Map.of("email", "n@example.com", "role", "member"),
                        true, true),
                new Endpoint("PATCH", "/api/v1/orgs/{org}/members/{user}", Map.of("role", "admin"), true, true),
                new Endpoint("DELETE", "/api/v1/orgs/{org}/members/{user}", NONE, true, true),
                new Endpoint("POST", "/api/v1/orgs/{org}/projects", Map.of("name", "X"), true, true),
                new Endpoint("GET", "/api/v1/orgs/{org}/projects", NONE, true, false),
                new Endpoint("GET", "/api/v1/projects/{project}", NONE, true, false),
                new Endpoint("PATCH", "/api/v1/projects/{project}", Map.of("name", "X"), true, true),
                new Endpoint("POST", "/api/v1/projects/{project}/archive", NONE, true, true),
                new Endpoint("POST", "/api/v1/projects/{project}/unarchive", NONE, true, true),
                new Endpoint("POST", "/api/v1/orgs/{org}/templates", Map.of("name", "X", "structure",
                        Map.of("sections", List.of(Map.of("title", "A")))), true, true),
                new Endpoint("GET", "/api/v1/orgs/{org}/templates", NONE, true, false),
                new Endpoint("GET", "/api/v1/templates/{template}", NONE, true, false),
                new Endpoint("GET", "/api/v1/templates/{template}/skeleton", NONE, true, false),
                new Endpoint("PATCH", "/api/v1/templates/{template}", Map.of("name", "X"), true, true),
                new Endpoint("DELETE", "/api/v1/templates/{template}", NONE, true, true),
                new Endpoint("POST", "/api/v1/projects/{project}/prds", Map.of("title", "X"), true, true),
                new Endpoint("POST", "/api/v1/projects/{project}/prds/import", Map.of("markdown", "# X\n"), true,
                        true),
                new Endpoint("GET", "/api/v1/projects/{project}/prds", NONE, true, false),
                new Endpoint("GET", "/api/v1/projects/{project}/prd-summaries", NONE, true, false),
                new Endpoint("GET", "/api/v1/prds/{prd}", NONE, true, false),
                new Endpoint("PATCH", "/api/v1/prds/{prd}", Map.of("content", "X"), true, true),
                new Endpoint("POST", "/api/v1/prds/{prd}/status", Map.of("status", "in_review"), true, true),
                new Endpoint("POST", "/api/v1/prds/{prd}/approve", NONE, true, true),
                new Endpoint("PUT", "/api/v1/prds/{prd}/approvers", Map.of("userIds", List.of()), true, true),
                new Endpoint("DELETE", "/api/v1/prds/{prd}", NONE, true, true),
                new Endpoint("POST", "/api/v1/prds/{prd}/versions", Map.of("bump", "minor"), true, true),
                new Endpoint("GET", "/api/v1/prds/{prd}/versions", NONE, true, false),
                new Endpoint("GET", "/api/v1/prds/{prd}/versions/compare?from=1.0.0&to=1.0.0", NONE, true, false),
                new Endpoint("GET", "/api/v1/prds/{prd}/versions/1.0.0", NONE, true, false),
                new Endpoint("GET", "/api/v1/prds/{prd}/versions/1.0.0/export", NONE, true, false),
                new Endpoint("POST", "/api/v1/prds/{prd}/versions/1.0.0/restore", NONE, true, true),
                new Endpoint("GET", "/api/v1/orgs/{org}/search?q=anything", NONE, true, false));
    }

    private static Api.Tenant tenant;
    private static Map<String, String> ids;

    private static synchronized Map<String, String> ids() {
        if (tenant == null) {
            tenant = Api.tenant();
            UUID project = tenant.project("Secured");
            UUID template = TemplateApiTest.template(tenant, "Secured", false);
            UUID prd = tenant.prd(project, "Secured", "# Secured\n");
            // first requests provision users (UserProvisioned): done here so that the rejections below are all
            // that happens during each test
            tenant.viewer().id();
            tenant.outsider().id();
            ids = Map.of("org", tenant.orgId().toString(), "project", project.toString(), "template",
                    template.toString(), "prd", prd.toString(), "user", tenant.member().id().toString());
        }
        return ids;
    }

    private static String path(Endpoint e) {
        String p = e.path();
        for (var entry : ids().entrySet()) {
            p = p.replace("{" + entry.getKey() + "}", entry.getValue());
        }
        return p;
    }

    private static io.restassured.response.Response call(RequestSpecification spec, Endpoint e) {
        if (!e.body().isEmpty()) {
            spec = spec.body(e.body());
        }
        return spec.request(e.method(), path(e));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void answers401WithoutToken(Endpoint e) {
        long before = Api.outboxSize();
        call(Api.anonymous(), e).then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
        assertThat(Api.outboxSize()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void answers404ToAnotherTenant(Endpoint e) {
        if (!e.tenantScoped()) {
            return;
        }
        ids();
        long before = Api.outboxSize();
        call(tenant.outsider().as(), e).then().statusCode(404).contentType("application/problem+json");
        assertThat(Api.outboxSize()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void answers403ToViewerWrites(Endpoint e) {
        if (!e.write()) {
            return;
        }
        ids();
        long before = Api.outboxSize();
        call(tenant.viewer().as(), e).then().statusCode(403).contentType("application/problem+json");
        assertThat(Api.outboxSize()).isEqualTo(before);
    }
}
