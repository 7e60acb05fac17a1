package io.prdtool.integration.jira;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.prdtool.integration.git.ClaimCheck;
import io.prdtool.integration.integration.IntegrationService;
import io.prdtool.integration.integration.IntegrationType;
import io.prdtool.integration.markdown.Requirements.Requirement;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Dry run of a Jira sync: what the PRD's current content would create or update in Jira, computed from the content
 * (read from prd-service with the caller's token) and the integration's mappings. Calls nothing in Jira.
 */
@Path("/api/v1/integrations/{id}/jira/preview")
@Authenticated
@Tag(name = "integrations")
public class JiraPreviewResource {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "JiraPreviewItem", description = "One issue: create (no issue yet), update (the issue it maps to) or"
            + " remove (its requirement is gone: the issue would get the label prd-removed and a comment)")
    public record Item(String requirementId, String summary, String action, String issueKey) {
    }

    @RegisterForReflection
    @Schema(name = "JiraPreview", description = "What a sync of the PRD's current content would do; nothing is written")
    public record Preview(UUID prdId, String version, Item epic, List<Item> issues, int creates, int updates,
            int removes) {
    }

    @Inject
    IntegrationService integrations;

    @Inject
    JiraMappings mappings;

    @Inject
    ClaimCheck prdService;

    @Inject
    Pool pool;

    @Inject
    JsonWebToken jwt;

    @POST
    @Operation(summary = "Preview a Jira sync of a PRD (owners, admins)", description = "Body {prdId}. Lists the epic"
            + " and one issue per requirement of the PRD's current content, each create or update; no Jira call.")
    @APIResponse(responseCode = "200", description = "The preview")
    @APIResponse(responseCode = "400", description = "No prdId, or not a Jira integration")
    @APIResponse(responseCode = "404", description = "No such integration or PRD in the caller's organization")
    public Uni<Preview> preview(@PathParam("id") UUID id, JsonNode body) {
        return integrations.admin(id, jwt).chain(r -> {
            if (r.integration().type() != IntegrationType.JIRA) {
                throw ProblemException.badRequest("Integration " + id + " is not a Jira integration");
            }
            UUID prdId = prdId(body);
            return pool.preparedQuery("SELECT 1 FROM prds WHERE id = $1 AND organization_id = $2"
                    + " AND deleted_at IS NULL").execute(Tuple.of(prdId, r.integration().organizationId()))
                    .chain(rows -> {
                        if (rows.size() == 0) {
                            throw ProblemException.notFound("PRD " + prdId);
                        }
                        return prdService.prdAsCaller(prdId, jwt.getRawToken());
                    })
                    .chain(prd -> {
                        var p = prd.orElseThrow(() -> ProblemException.notFound("PRD " + prdId));
                        return mappings.load(id, prdId).map(rows -> preview(prdId, p.getString("title"),
                                p.getString("currentVersion"), p.getString("content"), rows));
                    });
        });
    }

    static Preview preview(UUID prdId, String title, String version, String content,
            Map<String, JiraMappings.Row> rows) {
        JiraDeliverer.Plan plan = JiraDeliverer.plan(title == null ? "PRD " + prdId : title, content);
        JiraMappings.Row epicRow = rows.get(JiraMappings.EPIC);
        Item epic = item(null, plan.epicSummary(), epicRow);
        List<Item> issues = new ArrayList<>();
        for (Requirement r : plan.requirements()) {
            issues.add(item(r.id(), r.summary(), rows.get(r.id())));
        }
        int creates = (epic.issueKey() == null ? 1 : 0)
                + (int) issues.stream().filter(i -> i.issueKey() == null).count();
        int updates = issues.size() + 1 - creates;
        java.util.Set<String> current = new java.util.HashSet<>();
        plan.requirements().forEach(r -> current.add(r.id()));
        int removes = 0;
        for (JiraMappings.Row row : rows.values()) {
            if (!row.key().equals(JiraMappings.EPIC) && !current.contains(row.key()) && row.issueKey() != null
                    && !JiraDeliverer.REMOVED.equals(row.status())) {
                issues.add(new Item(row.key(), null, "remove", row.issueKey()));
                removes++;
            }
        }
        return new Preview(prdId, version, epic, issues, creates, updates, removes);
    }

    private static Item item(String requirementId, String summary, JiraMappings.Row row) {
        String key = row == null ? null : row.issueKey();
        return new Item(requirementId, summary, key == null ? "create" : "update", key);
    }

    private static UUID prdId(JsonNode body) {
        JsonNode v = body == null ? null : body.get("prdId");
        if (v == null || !v.isTextual()) {
            throw ProblemException.badRequest("Give prdId, the PRD to preview");
        }
        try {
            return UUID.fromString(v.asText());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("prdId must be a UUID");
        }
    }
}
