package io.prdtool.ai.access;

import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.prdtool.ai.clients.Downstream;
import io.prdtool.ai.clients.PrdServiceClient;
import io.prdtool.ai.projection.ProjectionRepository;
import io.prdtool.shared.auth.Caller;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The tenant check of every endpoint, from the projection of prd-service's events: an organization or PRD the caller
 * does not belong to does not exist for them (404); a role that lacks the right gets 403. "Unknown" must mean unknown:
 * an organization, membership or PRD created a moment ago, whose event has not arrived yet, is looked up at
 * prd-service with the caller's own token before it is declared unknown.
 */
@ApplicationScoped
public class Access {

    private static final String MEMBER = "SELECT m.user_id, m.role FROM org_members m"
            + " JOIN organizations o ON o.id = m.organization_id"
            + " WHERE m.organization_id = $1 AND m.subject = $2 AND o.deleted_at IS NULL";
    private static final String PRD = "SELECT p.organization_id, p.title, p.template_id,"
            + " p.deleted_at IS NOT NULL OR o.deleted_at IS NOT NULL AS deleted, m.user_id, m.role FROM prds p"
            + " LEFT JOIN org_members m ON m.organization_id = p.organization_id AND m.subject = $2"
            + " LEFT JOIN organizations o ON o.id = p.organization_id WHERE p.id = $1";

    @Inject
    Pool pool;

    @Inject
    ProjectionRepository projection;

    @Inject
    @RestClient
    PrdServiceClient prdService;

    /** Any member of the organization (viewers included). */
    public Uni<Member> member(UUID organizationId, JsonWebToken jwt) {
        Caller caller = Caller.of(jwt);
        return pool.preparedQuery(MEMBER).execute(Tuple.of(organizationId, caller.subject())).chain(rows -> {
            if (rows.size() == 0) {
                return memberAtPrdService(organizationId, jwt, "Organization " + organizationId);
            }
            Row r = rows.iterator().next();
            return Uni.createFrom().item(new Member(organizationId, caller.subject(), r.getUUID("user_id"),
                    role(r.getString("role"))));
        });
    }

    /** Owners and admins only (others who belong get 403). */
    public Uni<Member> admin(UUID organizationId, JsonWebToken jwt) {
        return member(organizationId, jwt).invoke(m -> {
            if (!m.administers()) {
                throw ProblemException.forbidden("Only organization owners and admins may do this");
            }
        });
    }

    /** A PRD the caller may read. */
    public Uni<PrdRef> readPrd(UUID prdId, JsonWebToken jwt) {
        return prd(prdId, jwt, true);
    }

    /** A PRD the caller may change (members, admins, owners; viewers get 403). */
    public Uni<PrdRef> writePrd(UUID prdId, JsonWebToken jwt) {
        return prd(prdId, jwt, true).invoke(p -> {
            if (!p.member().canWrite()) {
                throw ProblemException.forbidden("Viewers cannot change this PRD or ask AI to");
            }
        });
    }

    private Uni<PrdRef> prd(UUID prdId, JsonWebToken jwt, boolean mayAskPrdService) {
        Caller caller = Caller.of(jwt);
        return pool.preparedQuery(PRD).execute(Tuple.of(prdId, caller.subject())).chain(rows -> {
            if (rows.size() == 0) {
                return mayAskPrdService
                        ? lookUpAtPrdService(prdId, jwt)
                        : Uni.createFrom().failure(ProblemException.notFound("PRD " + prdId));
            }
            Row r = rows.iterator().next();
            if (r.getBoolean("deleted")) {
                return Uni.createFrom().failure(ProblemException.notFound("PRD " + prdId));
            }
            UUID org = r.getUUID("organization_id");
            String title = r.getString("title");
            UUID template = r.getUUID("template_id");
            if (r.getString("role") != null) {
                return Uni.createFrom().item(new PrdRef(prdId, org, title, template, new Member(org,
                        caller.subject(), r.getUUID("user_id"), role(r.getString("role")))));
            }
            return memberAtPrdService(org, jwt, "PRD " + prdId)
                    .map(member -> new PrdRef(prdId, org, title, template, member));
        });
    }

    /** A PRD the projection has not seen (yet): prd-service answers for the caller, and the projection learns it. */
    private Uni<PrdRef> lookUpAtPrdService(UUID prdId, JsonWebToken jwt) {
        return prdService.prd(prdId, bearer(jwt))
                .onFailure().transform(f -> notFoundOrUnavailable(f, "PRD " + prdId))
                .chain(prd -> {
                    if (prd == null || prd.organizationId() == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("PRD " + prdId));
                    }
                    return pool.withTransaction(c -> projection.upsertPrd(c, prdId, prd.organizationId(),
                            prd.projectId(), prd.title(), prd.templateId()))
                            .chain(() -> prd(prdId, jwt, false));
                });
    }

    /**
     * The caller's membership as prd-service sees it (their role comes with the organization); only asked when the
     * projection has no membership for them, so a member added a moment ago is not refused. The user id is left out
     * (the projection brings it shortly).
     */
    private Uni<Member> memberAtPrdService(UUID organizationId, JsonWebToken jwt, String what) {
        Caller caller = Caller.of(jwt);
        return prdService.organization(organizationId, bearer(jwt))
                .onFailure().transform(f -> notFoundOrUnavailable(f, what))
                .map(org -> {
                    if (org == null || org.role() == null) {
                        throw ProblemException.notFound(what);
                    }
                    return new Member(organizationId, caller.subject(), null, role(org.role()));
                });
    }

    private static ProblemException notFoundOrUnavailable(Throwable f, String what) {
        int status = Downstream.status(f);
        return status == 404 || status == 403 || status == 401
                ? ProblemException.notFound(what)
                : Downstream.map(f, "prd-service", what);
    }

    private static String bearer(JsonWebToken jwt) {
        return "Bearer " + jwt.getRawToken();
    }

    private static OrgRole role(String role) {
        return OrgRole.valueOf(role.toUpperCase(Locale.ROOT));
    }
}
