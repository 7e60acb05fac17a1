package io.prdtool.collab.seed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prdtool.collab.config.CollabConfig;
import io.prdtool.collab.crdt.Updates;
import io.prdtool.collab.crdt.YDoc;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;

/**
 * The first content of a collaborative document. A PRD gets content in prd-service before anyone edits it (a
 * template's skeleton, an imported Markdown file, content given at creation); the document whose operation log is
 * still empty starts from that text instead of from nothing.
 * <p>
 * The content is read from prd-service ({@code GET /api/v1/prds/{id}}) with the token of the user whose connection or
 * request loads the document, like {@code PrdServiceCheck}: a member may read the PRD there, so collab-service needs
 * no credentials of its own. The seed is one Yjs update written by a reserved client id at clock 0, so the same text
 * always gives the same bytes (and the same item ids); the operation log stores it only while the log is empty, under
 * the PRD's lock, so two instances loading the document at once seed it once.
 */
@ApplicationScoped
public class ContentSeed {

    private static final Logger LOG = Logger.getLogger(ContentSeed.class);

    /**
     * The Yjs client id that writes seeds. A fixed id (Yjs clients draw theirs at random from 2^32): the seed of a
     * given text is the same update wherever and however often it is made.
     */
    public static final long SEED_CLIENT_ID = 0x5EED_0001L;

    @Inject
    CollabConfig config;

    @Inject
    ObjectMapper mapper;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * The PRD's current content in prd-service: null when there is nothing to seed (no content, or the PRD is not
     * readable for this user: deleted meanwhile); fails when prd-service cannot be asked, so that the document is not
     * loaded empty (its first edit would then make the empty text the PRD's content).
     */
    public Uni<String> content(UUID prdId, String token) {
        String base = config.access().prdServiceUrl().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/prds/" + prdId))
                .timeout(config.access().prdServiceTimeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET().build();
        return Uni.createFrom()
                .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .map(response -> switch (response.statusCode()) {
                    case 200 -> contentOf(response.body());
                    case 401, 403, 404, 410 -> {
                        LOG.debugf("prd-service answered %d for the content of %s: nothing to seed",
                                response.statusCode(), prdId);
                        yield null;
                    }
                    default -> throw new SeedUnavailableException("prd-service answered " + response.statusCode()
                            + " for the content of PRD " + prdId);
                })
                // unreachable, too slow or answering nonsense: a REST caller gets 503 and retries (a WebSocket
                // client is closed with 1011 and reconnects)
                .onFailure(f -> !(f instanceof ProblemException)).transform(f -> {
                    LOG.warnf("Could not read the content of PRD %s from prd-service to start its document: %s",
                            prdId, f.toString());
                    return ProblemException.retryAfter(ProblemType.UNAVAILABLE, "The PRD's content could not be read"
                            + " from prd-service to start its collaborative document; try again shortly", 5);
                });
    }

    private String contentOf(byte[] body) {
        try {
            JsonNode content = mapper.readTree(body).path("content");
            return content.isTextual() && !content.asText().isEmpty() ? content.asText() : null;
        } catch (IOException e) {
            throw new SeedUnavailableException("prd-service's answer is not a PRD: " + e.getMessage());
        }
    }

    /** The seed of {@code content}: one update inserting it into the Y.Text {@code textName}, the same every time. */
    public static byte[] update(String content, String textName) {
        YDoc doc = new YDoc(SEED_CLIENT_ID);
        doc.getText(textName).insert(0, content);
        return Updates.encodeStateAsUpdate(doc);
    }

    /** prd-service could not say what the PRD holds; the document is not loaded (the client retries). */
    public static final class SeedUnavailableException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SeedUnavailableException(String message) {
            super(message);
        }
    }
}
