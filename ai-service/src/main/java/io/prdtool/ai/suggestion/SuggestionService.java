package io.prdtool.ai.suggestion;

import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.prdtool.ai.access.Access;
import io.prdtool.ai.access.PrdRef;
import io.prdtool.ai.action.PrdText;
import io.prdtool.ai.clients.CollabServiceClient;
import io.prdtool.ai.clients.Downstream;
import io.prdtool.ai.text.TextAnchor;
import io.prdtool.shared.events.ai.AiSuggestionAccepted;
import io.prdtool.shared.events.ai.AiSuggestionRejected;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.tx.Tx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Accepting and rejecting suggestions. Accept applies the suggestion to the live collaborative document through
 * collab-service's server-as-peer API on the user's behalf (with their token), so every connected editor sees it at
 * once: the anchored text is located again in the current text, and the edit carries it as {@code expect}, which
 * collab-service checks inside the document's transaction. If the text was changed meanwhile, nothing is written to
 * the document, the suggestion becomes stale and the answer is 409. The suggestion's row is locked for the whole
 * accept, so two accepts of one suggestion cannot both apply it.
 */
@ApplicationScoped
public class SuggestionService {

    @Inject
    Access access;

    @Inject
    SuggestionRepository suggestions;

    @Inject
    @RestClient
    CollabServiceClient collab;

    @Inject
    PrdText prdText;

    @Inject
    Outbox outbox;

    @Inject
    Tx tx;

    /** What happened inside the transaction; a stale outcome is committed first, then answered as 409. */
    private record Result(SuggestionView view, String conflict) {
    }

    public Uni<SuggestionView> accept(UUID prdId, UUID id, JsonWebToken jwt) {
        String auth = "Bearer " + jwt.getRawToken();
        return access.writePrd(prdId, jwt).chain(prd -> tx.writeWithConnection(prd.organizationId(),
                c -> suggestions.find(c, prdId, id, true).chain(found -> {
                    SuggestionView s = found.orElseThrow(() -> ProblemException.notFound("Suggestion " + id));
                    requireOpen(s);
                    if (s.suggestedText() == null) {
                        // a finding without a replacement: accepting it marks it resolved, the text is unchanged
                        return accepted(c, prd, s, null);
                    }
                    return prdText.live(prdId, jwt).chain(live -> apply(c, prd, s, live, auth));
                })))
                .map(result -> {
                    if (result.conflict() != null) {
                        throw ProblemException.conflict(result.conflict());
                    }
                    return result.view();
                });
    }

    private Uni<Result> apply(SqlConnection c, PrdRef prd, SuggestionView s, String live, String auth) {
        TextAnchor anchor = SuggestionRepository.anchor(s.anchor());
        CollabServiceClient.Edit edit;
        if (anchor == null) {
            edit = new CollabServiceClient.Edit("insert", live.length(), null, s.suggestedText(), null);
        } else {
            OptionalInt at = anchor.locate(live);
            if (at.isEmpty()) {
                return stale(c, s, "The text this suggestion changes was edited or removed");
            }
            edit = new CollabServiceClient.Edit("replace", at.getAsInt(), anchor.exact().length(), s.suggestedText(),
                    anchor.exact());
        }
        return collab.edit(prd.prdId(), edit, auth)
                .onFailure(f -> Downstream.status(f) == 409).recoverWithItem(() -> null)
                .onFailure().transform(f -> Downstream.map(f, "collab-service", "PRD " + prd.prdId()))
                .chain(result -> result == null
                        ? stale(c, s, "The text this suggestion changes was edited at the same moment")
                        : accepted(c, prd, s, result.updateId()));
    }

    private Uni<Result> accepted(SqlConnection c, PrdRef prd, SuggestionView s, Long updateId) {
        return suggestions.markAccepted(c, s.id(), prd.member().userId(), prd.member().subject(), updateId)
                .call(view -> outbox.append(c, new AiSuggestionAccepted(s.id(), s.organizationId(), s.prdId(),
                        s.interactionId(), s.suggestionType(), prd.member().userId(), prd.member().subject(), updateId,
                        view.acceptedAt() == null ? Instant.now() : view.acceptedAt())))
                .map(view -> new Result(view, null));
    }

    private Uni<Result> stale(SqlConnection c, SuggestionView s, String reason) {
        return suggestions.markStale(c, s.id(), reason)
                .map(view -> new Result(view, reason + "; the suggestion is now stale"));
    }

    public Uni<SuggestionView> reject(UUID prdId, UUID id, JsonWebToken jwt) {
        return access.writePrd(prdId, jwt).chain(prd -> tx.writeWithConnection(prd.organizationId(),
                c -> suggestions.find(c, prdId, id, true).chain(found -> {
                    SuggestionView s = found.orElseThrow(() -> ProblemException.notFound("Suggestion " + id));
                    requireOpen(s);
                    return suggestions.markRejected(c, id, prd.member().userId(), prd.member().subject())
                            .call(view -> outbox.append(c, new AiSuggestionRejected(id, s.organizationId(),
                                    s.prdId(), s.interactionId(), s.suggestionType(), prd.member().userId(),
                                    prd.member().subject(), view.rejectedAt())));
                })));
    }

    private static void requireOpen(SuggestionView s) {
        if (!"open".equals(s.status())) {
            throw ProblemException.conflict("Suggestion " + s.id() + " is " + s.status() + ", not open");
        }
    }
}
