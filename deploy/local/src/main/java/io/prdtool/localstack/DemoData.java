package io.prdtool.localstack;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Seeds the demo organization through the public REST API, exactly as a client would: three users (owner, member,
 * viewer) provisioned from their tokens, an organization, a project, a template and a PRD made from it. Runs once per
 * data directory; the ids are kept in {@code demo.json}.
 */
final class DemoData {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRD = "http://localhost:8081";

    record User(String handle, String email, String role) {
    }

    record Seeded(String orgId, String orgSlug, String projectId, String templateId, String prdId, List<User> users) {
    }

    static final List<User> USERS = List.of(
            new User("alice", DevTokenIssuer.email("alice"), "owner"),
            new User("bob", DevTokenIssuer.email("bob"), "member"),
            new User("carol", DevTokenIssuer.email("carol"), "viewer"));

    private final DevTokenIssuer issuer;
    private final Path file;

    DemoData(DevTokenIssuer issuer, Path file) {
        this.issuer = issuer;
        this.file = file;
    }

    Seeded seedOnce() throws IOException, InterruptedException, LocalStack.StartFailure {
        if (Files.exists(file)) {
            LocalStack.say("demo data already seeded (" + file + ")");
            return JSON.readValue(file.toFile(), Seeded.class);
        }
        LocalStack.say("seeding demo data through the prd-service API");
        try {
            Seeded seeded = seed();
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), seeded);
            return seeded;
        } catch (IllegalStateException e) {
            throw new LocalStack.StartFailure("demo data", e.getMessage(), null, e);
        }
    }

    private Seeded seed() throws IOException, InterruptedException {
        String alice = issuer.mint("alice", Duration.ofMinutes(10));
        for (User user : USERS) {
            call("GET", "/api/v1/users/me", issuer.mint(user.handle(), Duration.ofMinutes(10)), null, 200);
        }
        JsonNode org = call("POST", "/api/v1/orgs", alice,
                Map.of("name", "Acme Product", "slug", "acme", "subscriptionTier", "team"), 201);
        String orgId = org.path("id").asText();
        for (User user : USERS.subList(1, USERS.size())) {
            call("POST", "/api/v1/orgs/" + orgId + "/members", alice,
                    Map.of("email", user.email(), "name", DevTokenIssuer.displayName(user.handle()), "role",
                            user.role()),
                    201);
        }
        JsonNode project = call("POST", "/api/v1/orgs/" + orgId + "/projects", alice,
                Map.of("name", "Checkout", "slug", "checkout",
                        "description", "Everything between the cart and the receipt"),
                201);
        JsonNode template = call("POST", "/api/v1/orgs/" + orgId + "/templates", alice, Map.of(
                "name", "Feature PRD",
                "description", "The house template for a feature",
                "isDefault", true,
                "structure", Map.of("sections", List.of(
                        Map.of("title", "Problem", "guidance", "Who hurts, and how do we know?", "required", true),
                        Map.of("title", "Goals", "guidance", "Measurable outcomes", "required", true),
                        Map.of("title", "Requirements", "guidance", "What must be true at launch",
                                "required", true),
                        Map.of("title", "Open questions", "guidance", "What we still need to decide",
                                "required", false)))),
                201);
        JsonNode prd = call("POST", "/api/v1/projects/" + project.path("id").asText() + "/prds", alice,
                Map.of("title", "One-click checkout", "templateId", template.path("id").asText()), 201);
        return new Seeded(orgId, org.path("slug").asText(), project.path("id").asText(),
                template.path("id").asText(), prd.path("id").asText(), USERS);
    }

    private JsonNode call(String method, String path, String token, Object body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder req = LocalStack.request(PRD + path)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            req.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> res = LocalStack.http(req.build());
        if (res.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + res.statusCode() + ": " + res.body()
                    + " (see the prd-service log)");
        }
        return res.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(res.body());
    }
}
