package io.prdtool.ai.interaction;

import java.time.Duration;
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
import io.prdtool.ai.access.Member;
import io.prdtool.ai.api.Page;
import io.prdtool.ai.suggestion.SuggestionRepository;
import io.prdtool.shared.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Recorded AI calls. Members see their own; owners and admins see everyone's in their organization. Anyone else's
 * interaction, or one of another organization, answers 404.
 */
@Tag(name = "ai-interactions", description = "Every call to an AI provider as recorded, and its cancellation")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1")
public class InteractionResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    Access access;

    @Inject
    InteractionRepository interactions;

    @Inject
    SuggestionRepository suggestions;

    @Inject
    RunningInteractions running;

    @Inject
    Pool pool;

    @GET
    @Path("/ai/interactions/{id}")
    @Operation(summary = "One recorded interaction with the suggestions it made (your own; owners and admins: any)")
    public Uni<InteractionView> get(@PathParam("id") UUID id) {
        return visible(id).chain(view -> suggestions.ofInteraction(pool, id).map(view::withSuggestions));
    }

    @GET
    @Path("/prds/{prdId}/ai/interactions")
    @Operation(summary = "A PRD's interactions, newest first: your own, or with all=true (owners and admins) everyone's")
    public Uni<Page<InteractionView>> list(@PathParam("prdId") UUID prdId,
            @QueryParam("all") @DefaultValue("false") boolean all,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        Page.check(offset, limit);
        return access.readPrd(prdId, jwt).chain(prd -> {
            if (all && !prd.member().administers()) {
                throw ProblemException.forbidden("Only owners and admins may list everyone's AI interactions");
            }
            return interactions.list(prdId, all ? null : prd.member().subject(), offset, limit)
                    .map(items -> Page.of(items, offset, limit));
        });
    }

    @POST
    @Path("/ai/interactions/{id}/cancel")
    @Operation(summary = "Stop a running interaction (yours; owners and admins: any); the upstream call is aborted", description = "Answers the interaction once it is recorded as cancelled (or as it ended, if it finished"
            + " first); 409 when it had already ended.")
    public Uni<InteractionView> cancel(@PathParam("id") UUID id) {
        return visible(id).chain(view -> {
            if (!view.running()) {
                throw ProblemException.conflict("Interaction " + id + " has already ended (" + view.status() + ")");
            }
            running.cancel(id, "cancelled"); // here, at once, if this instance runs it
            return interactions.requestCancel(id) // and wherever else it runs
                    .chain(() -> awaitEnd(id, 50))
                    .chain(ended -> suggestions.ofInteraction(pool, id).map(ended::withSuggestions));
        });
    }

    private Uni<InteractionView> awaitEnd(UUID id, int attemptsLeft) {
        return interactions.find(id).chain(found -> {
            InteractionView v = found.orElseThrow(() -> ProblemException.notFound("Interaction " + id));
            if (!v.running() || attemptsLeft <= 0) {
                return Uni.createFrom().item(v);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(100))
                    .chain(() -> awaitEnd(id, attemptsLeft - 1));
        });
    }

    /** The interaction, if the caller may see it; 404 otherwise (also for other organizations). */
    private Uni<InteractionView> visible(UUID id) {

        return interactions.find(id).chain(found -> {
            InteractionView v = found.orElseThrow(() -> ProblemException.notFound("Interaction " + id));
            return access.member(v.organizationId(), jwt)
                    .onFailure(ProblemException.class).transform(f -> ProblemException.notFound("Interaction " + id))
                    .map(member -> {
                        if (!mayRead(member, v)) {
                            throw ProblemException.notFound("Interaction " + id);
                        }
                        return v;
                    });
        });
    }

    private static boolean mayRead(Member member, InteractionView v) {
        return member.administers() || member.subject().equals(v.userSubject());
    }
}
