package io.prdtool.ai.access;

import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.prdtool.ai.clients.Downstream;
import io.prdtool.ai.clients.PrdServiceClient;
import io.prdtool.ai.projection.ProjectionRepository;
import io.prdtool.shared.auth.Caller;
import io.prdtool.shared.events.org.OrgRole;
import io.prdtool.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The tenant check of every endpoint, from the projection of prd-service's events: an organization or PRD the caller
 * does not belong to does not exist for them (404); a role that lacks the right gets 403. A PRD created a moment ago
 * whose event has not arrived yet is looked up at prd-service with the caller's own token before it is called unknown.
 */
@ApplicationScoped
public class Access {

    private static final Logger LOG = Logger.getLogger(Access.class);

    private static final String MEMBER = "SELECT m.user_id, m.role FROM org_members m"
            + " JOIN organizations o ON o.id = m.organization_id"
            + " WHERE m.organization_id = $1 AND m.subject = $2 AND o.deleted_at IS NULL";
    private static final String PRD = "SELECT p.organization_id, p.title, p.template_id, p.deleted_at IS NOT NULL"
            + " AS deleted, m.user_id, m.role FROM prds p"
            + " LEFT JOIN org_members m ON m.organization_id = p.organization_id AND m.subject = $2"
            + " LEFT JOIN organizations o ON o.id = p.organization_id"
            + " WHERE p.id = $1 AND (o.deleted_at IS NULL)";

    @Inject
    Pool pool;

    @Inject
    ProjectionRepository projection;

    @Inject
    @RestClient
    PrdServiceClient prdService;

    /** Any member of the organization (viewers included). */
    public Uni<Member> member(UUID organizationId, Caller caller) {
        return pool.preparedQuery(MEMBER).execute(Tuple.of(organizationId, caller.subject())).map(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("Organization " + organizationId);
            }
            Row r = rows.iterator().next();
            return new Member(organizationId, caller.subject(), r.getUUID("user_id"), role(r.getString("role")));
        });
    }

    /** Owners and admins only (others who belong get 403). */
    public Uni<Member> admin(UUID organizationId, Caller caller) {
        return member(organizationId, caller).invoke(m -> {
            if (!m.administers()) {
                throw ProblemException.forbidden("Only organization owners and admins may do this");
            }
        });
    }

    /** A PRD the caller may read. */
    public Uni<PrdRef> readPrd(UUID prdId, JsonWebToken jwt) {
        return prd(prdId, jwt);
    }

    /** A PRD the caller may change (members, admins, owners; viewers get 403). */
    public Uni<PrdRef> writePrd(UUID prdId, JsonWebToken jwt) {
        return prd(prdId, jwt).invoke(p -> {
            if (!p.member().canWrite()) {
                throw ProblemException.forbidden("Viewers cannot change this PRD or ask AI to");
            }
        });
    }

    private Uni<PrdRef> prd(UUID prdId, JsonWebToken jwt) {
        Caller caller = Caller.of(jwt);
        return find(prdId, caller).chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            return lookUpAtPrdService(prdId, jwt, caller);
        });
    }

    /** The PRD from the projection; null when the projection has not seen it (maybe not yet). */
    private Uni<PrdRef> find(UUID prdId, Caller caller) {
        return pool.preparedQuery(PRD).execute(Tuple.of(prdId, caller.subject())).map(rows -> toRef(prdId, caller,
                rows));
    }

    private static PrdRef toRef(UUID prdId, Caller caller, RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        if (r.getBoolean("deleted") || r.getString("role") == null) {
            throw ProblemException.notFound("PRD " + prdId);
        }
        UUID org = r.getUUID("organization_id");
        return new PrdRef(prdId, org, r.getString("title"), r.getUUID("template_id"),
                new Member(org, caller.subject(), r.getUUID("user_id"), role(r.getString("role"))));
    }

    private Uni<PrdRef> lookUpAtPrdService(UUID prdId, JsonWebToken jwt, Caller caller) {
        return prdService.prd(prdId, "Bearer " + jwt.getRawToken())
                .onFailure().transform(f -> {
                    if (Downstream.status(f) == 0) {
                        LOG.debugf("prd-service unreachable while looking up %s: %s", prdId, f.getMessage());
                    }
                    return Downstream.status(f) == 404 || Downstream.status(f) == 403
                            ? ProblemException.notFound("PRD " + prdId)
                            : Downstream.map(f, "prd-service", "PRD " + prdId);
                })
                .chain(prd -> {
                    if (prd == null || prd.organizationId() == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("PRD " + prdId));
                    }
                    return pool.withTransaction(c -> projection.upsertPrd(c, prdId, prd.organizationId(),
                            prd.projectId(), prd.title(), prd.templateId()))
                            .chain(() -> find(prdId, caller))
                            .map(ref -> {
                                if (ref == null) {
                                    throw ProblemException.notFound("PRD " + prdId);
                                }
                                return ref;
                            });
                });
    }

    private static OrgRole role(String role) {
        return OrgRole.valueOf(role.toUpperCase(Locale.ROOT));
    }

    /** Parses a path or query UUID, answering 400 (not 404 or 500) when it is not one. */
    public static UUID uuid(String name, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.badRequest(name + " must be a UUID");
        }
    }
}
