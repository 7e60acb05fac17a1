package io.prdtool.collab.access;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.prdtool.collab.config.CollabConfig;
import io.smallrye.mutiny.Uni;

/**
 * Asks prd-service, with the user's own token, whether the user may read a PRD that collab-service's access projection
 * does not know: a PRD created a moment ago (its events not consumed yet) must not look unknown. prd-service answers
 * 200 to a member and 404 to anyone else, so the answer reveals nothing the user could not ask prd-service directly.
 * The answer only decides whether to wait for the projection; access itself is always granted from the projection.
 */
@ApplicationScoped
public class PrdServiceCheck {

    private static final Logger LOG = Logger.getLogger(PrdServiceCheck.class);

    /** What prd-service said about the user and the PRD. */
    public enum Answer {
        /** 200: the PRD exists and the user may read it. */
        READABLE,
        /** 401, 403, 404: not for this user (or not at all). */
        NOT_READABLE,
        /** No answer (down, timed out, 5xx): neither confirmed nor ruled out. */
        UNKNOWN
    }

    @Inject
    CollabConfig config;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public Uni<Answer> check(UUID prdId, String token) {
        String base = config.access().prdServiceUrl().replaceAll("/+$", "");
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + "/api/v1/prds/" + prdId))
                    .timeout(config.access().prdServiceTimeout())
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .GET().build();
        } catch (IllegalArgumentException e) {
            LOG.warnf("prdtool.collab.access.prd-service-url is not a URL: %s", base);
            return Uni.createFrom().item(Answer.UNKNOWN);
        }
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .map(response -> switch (response.statusCode()) {
                    case 200 -> Answer.READABLE;
                    case 401, 403, 404, 410 -> Answer.NOT_READABLE;
                    default -> {
                        LOG.debugf("prd-service answered %d for PRD %s", response.statusCode(), prdId);
                        yield Answer.UNKNOWN;
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("prd-service could not be asked about PRD %s: %s", prdId, failure.toString());
                    return Answer.UNKNOWN;
                });
    }
}
