package io.prdtool.prd.search;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.prd.user.CurrentUser;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/orgs/{orgId}/search")
@Tag(name = "search", description = "Full-text search over an organization's PRDs")
@Authenticated
public class SearchResource {

    private final CurrentUser current;
    private final SearchService search;

    public SearchResource(CurrentUser current, SearchService search) {
        this.current = current;
        this.search = search;
    }

    @GET
    @Operation(summary = "Search PRDs (any member): ranked, title before content, with highlighted snippets")
    public Uni<SearchApi.Results> search(@PathParam("orgId") UUID orgId,
            @Parameter(description = "Web-search syntax: words, \"a phrase\", or, -excluded", example = "\"one-click checkout\" -mobile") @QueryParam("q") String q,
            @Parameter(description = "Only PRDs of this project (UUID)") @QueryParam("projectId") String projectId,
            @Parameter(description = "draft, in_review, approved, published or archived") @QueryParam("status") String status,
            @Parameter(description = "Only PRDs made from this template") @QueryParam("templateId") String templateId,
            @Parameter(description = "Only PRDs created by this user") @QueryParam("authorId") String authorId,
            @Parameter(description = "ISO-8601 instant, inclusive", example = "2026-11-01T00:00:00Z") @QueryParam("updatedFrom") String updatedFrom,
            @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("updatedTo") String updatedTo,
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(10_000) int offset,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(SearchService.MAX_LIMIT) int limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        SearchRequest.Filters filters = new SearchRequest.Filters(uuid(projectId, "projectId"), status,
                uuid(templateId, "templateId"), uuid(authorId, "authorId"), instant(updatedFrom, "updatedFrom"),
                instant(updatedTo, "updatedTo"));
        return current.id().chain(uid -> search.search(uid, orgId, q, filters, offset, limit, cursor));
    }

    // UUID filters are parsed here: a JAX-RS conversion failure of a query parameter would answer 404, not 400
    private static UUID uuid(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(name + " must be a UUID");
        }
    }

    private static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }
}
