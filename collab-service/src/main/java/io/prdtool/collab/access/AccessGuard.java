package io.prdtool.collab.access;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.prdtool.shared.auth.Caller;
import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * The REST side of collab authorization: the caller must be a member of the PRD's organization (else 404, the same
 * answer as for an unknown PRD); writes need a role above viewer (else 403).
 */
@ApplicationScoped
public class AccessGuard {

    @Inject
    AccessRepository access;

    public Uni<Grant> read(UUID prdId, JsonWebToken jwt) {
        return require(prdId, jwt, false);
    }

    public Uni<Grant> write(UUID prdId, JsonWebToken jwt) {
        return require(prdId, jwt, true);
    }

    private Uni<Grant> require(UUID prdId, JsonWebToken jwt, boolean write) {
        Caller caller = Caller.of(jwt);
        return access.find(prdId, caller.subject()).map(found -> {
            Grant grant = found.orElseThrow(() -> ProblemException.notFound("PRD " + prdId));
            if (write && !grant.canEdit()) {
                throw ProblemException.forbidden("Viewers cannot edit this PRD");
            }
            return grant;
        });
    }
}
