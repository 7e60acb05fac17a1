package io.prdtool.ai.review;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.prdtool.ai.access.Access;
import io.prdtool.ai.action.Action;
import io.prdtool.ai.action.PrdText;
import io.prdtool.ai.settings.SettingsRepository;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.tx.Tx;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The offline reviewer on demand: the PRD's current text checked against the organization's rubric, with no AI
 * provider involved. PRDs are also reviewed automatically when their content changes.
 */
@Path("/api/v1/prds/{prdId}/ai/review")
@Tag(name = "ai-review", description = "Deterministic review of a PRD against a rubric (works without a provider)")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    Access access;

    @Inject
    PrdText prdText;

    @Inject
    SettingsRepository settings;

    @Inject
    ReviewService reviews;

    @Inject
    Tx tx;

    @POST
    @Operation(summary = "Review the PRD's current text now (members, admins, owners)", description = "Scores per"
            + " rubric dimension and findings stored as suggestions anchored to their text. A text already"
            + " reviewed with the same rubric is answered from the stored review (cached: true).")
    public Uni<CritiqueView> review(@PathParam("prdId") UUID prdId) {
        return access.writePrd(prdId, jwt).chain(prd -> settings.settings(prd.organizationId()).chain(s -> {
            if (!s.aiEnabled()) {
                throw ProblemException.forbidden("AI is turned off for this organization");
            }
            if (!s.allows(Action.REVIEW)) {
                throw ProblemException.forbidden("The review is turned off for this organization");
            }
            return prdText.current(prdId, jwt).chain(text -> tx.writeWithConnection(prd.organizationId(),
                    c -> reviews.review(c, prd.organizationId(), prdId, text.content(), s, "on_demand",
                            prd.member().subject())));
        }));
    }

    @GET
    @Operation(summary = "The PRD's latest review with its open findings (any member)")
    public Uni<CritiqueView> latest(@PathParam("prdId") UUID prdId) {
        return access.readPrd(prdId, jwt).chain(prd -> reviews.latest(prdId))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("A review of PRD " + prdId)));
    }
}
