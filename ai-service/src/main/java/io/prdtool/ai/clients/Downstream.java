package io.prdtool.ai.clients;

import jakarta.ws.rs.WebApplicationException;

import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemType;

/**
 * How a failed call to prd-service or collab-service reaches our caller: their 404 and 403 are the caller's (the
 * same user's token was used), a conflict stays a conflict, anything else means the other service is not available
 * now (503), never a 500.
 */
public final class Downstream {

    private Downstream() {
    }

    public static ProblemException map(Throwable failure, String service, String what) {
        if (failure instanceof ProblemException pe) {
            return pe;
        }
        if (failure instanceof WebApplicationException wae && wae.getResponse() != null) {
            int status = wae.getResponse().getStatus();
            return switch (status) {
                case 404 -> ProblemException.notFound(what);
                case 403 -> ProblemException.forbidden("Your role does not allow this on " + what);
                case 401 -> new ProblemException(ProblemType.UNAUTHORIZED, "A valid bearer token is required");
                case 409 -> ProblemException.conflict(service + " refused the change to " + what);
                case 413 -> new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, what + " would become too large");
                default -> new ProblemException(ProblemType.UNAVAILABLE,
                        service + " answered " + status + " for " + what + "; try again later");
            };
        }
        return new ProblemException(ProblemType.UNAVAILABLE, service + " is not reachable; try again later");
    }

    /** The HTTP status of a downstream failure, or 0 when it never answered. */
    public static int status(Throwable failure) {
        return failure instanceof WebApplicationException wae && wae.getResponse() != null
                ? wae.getResponse().getStatus()
                : 0;
    }
}
