package io.prdtool.ai.suggestion;

import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.ai.access.Access;
import io.prdtool.ai.api.Page;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/prds/{prdId}/ai/suggestions")
@Tag(name = "ai-suggestions", description = "Proposed changes to a PRD's text: AI answers and review findings")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SuggestionResource {

    private static final Set<String> STATUSES = Set.of("open", "accepted", "rejected", "stale");
    private static final Set<String> SOURCES = Set.of("llm", "rubric");

    @Inject
    JsonWebToken jwt;

    @Inject
    Access access;

    @Inject
    SuggestionRepository suggestions;

    @Inject
    SuggestionService service;

    @GET
    @Operation(summary = "A PRD's suggestions, newest first (any member)")
    public Uni<Page<SuggestionView>> list(@PathParam("prdId") UUID prdId, @QueryParam("status") String status,
            @QueryParam("type") String type, @QueryParam("source") String source,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        Page.check(offset, limit);
        if (status != null && !STATUSES.contains(status)) {
            throw new ProblemException(io.prdtool.shared.problem.ProblemType.BAD_REQUEST,
                    "status must be open, accepted, rejected or stale", STATUSES.stream().sorted().toList());
        }
        if (source != null && !SOURCES.contains(source)) {
            throw ProblemException.badRequest("source must be llm or rubric");
        }
        if (type != null && (type.isBlank() || type.length() > 40)) {
            throw ProblemException.badRequest("type must be a suggestion type");
        }
        return access.readPrd(prdId, jwt).chain(prd -> suggestions.list(prdId, status, type, source, offset, limit))
                .map(items -> Page.of(items, offset, limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One suggestion (any member)")
    public Uni<SuggestionView> get(@PathParam("prdId") UUID prdId, @PathParam("id") UUID id) {
        return access.readPrd(prdId, jwt).chain(prd -> suggestions.find(prdId, id))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Suggestion " + id)));
    }

    @POST
    @Path("/{id}/accept")
    @Operation(summary = "Apply the suggestion to the live document on your behalf (members, admins, owners)", description = "Every connected editor sees the change at once. 409 when the text it changes was edited"
            + " meanwhile (the suggestion becomes stale) or when it is not open.")
    public Uni<SuggestionView> accept(@PathParam("prdId") UUID prdId, @PathParam("id") UUID id) {
        return service.accept(prdId, id, jwt);
    }

    @POST
    @Path("/{id}/reject")
    @Operation(summary = "Reject the suggestion (members, admins, owners); a rejected review finding is not raised"
            + " again for the same text")
    public Uni<SuggestionView> reject(@PathParam("prdId") UUID prdId, @PathParam("id") UUID id) {
        return service.reject(prdId, id, jwt);
    }
}
