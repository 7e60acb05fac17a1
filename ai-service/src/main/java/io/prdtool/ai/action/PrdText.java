package io.prdtool.ai.action;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.prdtool.ai.clients.CollabServiceClient;
import io.prdtool.ai.clients.Downstream;
import io.prdtool.ai.clients.PrdServiceClient;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;

/**
 * The current text of a PRD, read with the caller's own token: the live collaborative document (what every editor
 * shows, and what suggestions are anchored in and applied to), or, while nobody has opened it in an editor yet (the
 * collaborative text is empty), the content prd-service stores.
 */
@ApplicationScoped
public class PrdText {

    @Inject
    @RestClient
    CollabServiceClient collab;

    @Inject
    @RestClient
    PrdServiceClient prds;

    /** The text and where it came from ({@code collab} or {@code prd}). */
    public record Text(String content, String source) {

        public boolean live() {
            return "collab".equals(source);
        }
    }

    public Uni<Text> current(UUID prdId, JsonWebToken jwt) {
        String auth = "Bearer " + jwt.getRawToken();
        return collab.read(prdId, "text", auth)
                .onFailure().transform(f -> Downstream.map(f, "collab-service", "PRD " + prdId))
                .chain(doc -> {
                    if (doc != null && doc.content() != null && !doc.content().isEmpty()) {
                        return Uni.createFrom().item(new Text(doc.content(), "collab"));
                    }
                    return prds.prd(prdId, auth)
                            .onFailure().transform(f -> Downstream.map(f, "prd-service", "PRD " + prdId))
                            .map(p -> new Text(p.content() == null ? "" : p.content(), "prd"));
                });
    }

    /** The live collaborative text only (what an accept edits). */
    public Uni<String> live(UUID prdId, JsonWebToken jwt) {
        return collab.read(prdId, "text", "Bearer " + jwt.getRawToken())
                .onFailure().transform(f -> Downstream.map(f, "collab-service", "PRD " + prdId))
                .map(doc -> doc == null || doc.content() == null ? "" : doc.content());
    }

    static ProblemException tooLong(int length, int max) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The PRD has " + length
                + " characters; AI actions accept at most " + max + " (select a part and improve it instead)");
    }
}
