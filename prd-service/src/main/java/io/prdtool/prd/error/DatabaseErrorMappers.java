package io.prdtool.prd.error;

import java.util.Map;
import java.util.concurrent.CompletionException;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.prdtool.shared.problem.Problem;
import io.prdtool.shared.problem.ProblemException;
import io.prdtool.shared.problem.ProblemMappers;
import io.prdtool.shared.problem.ProblemType;
import io.vertx.pgclient.PgException;

/**
 * The database's own guards (unique keys, checks, foreign keys) as problem details. Services check first and answer
 * with a precise message; these mappers catch what slips through a race between the check and the write, so a
 * duplicate is a 409, never a 500.
 */
public class DatabaseErrorMappers {

    /** Constraint name → what the client is told. */
    private static final Map<String, String> CONFLICTS = Map.of(
            "organizations_slug_key", "The organization slug is taken",
            "projects_org_slug_key", "The project slug is taken in this organization",
            "prds_project_slug_key", "The PRD slug is taken in this project",
            "prd_templates_org_name_key", "A template with this name already exists in this organization",
            "prd_templates_one_default_idx", "Another template became the default at the same time; retry",
            "prd_versions_prd_version_key", "This version already exists",
            "users_email_key", "A user with this email already exists",
            "organization_members_pkey", "The user is already a member");

    @ServerExceptionMapper
    public Response persistence(PersistenceException e, UriInfo uri) {
        return map(e, uri);
    }

    @ServerExceptionMapper
    public Response pg(PgException e, UriInfo uri) {
        return map(e, uri);
    }

    @ServerExceptionMapper
    public Response completion(CompletionException e, UriInfo uri) {
        if (e.getCause() instanceof ProblemException pe) {
            return problem(pe.toProblem(), uri);
        }
        return map(e, uri);
    }

    private Response map(Throwable e, UriInfo uri) {
        PgException pg = find(e);
        if (pg != null) {
            String constraint = pg.getConstraint();
            switch (pg.getSqlState()) {
                case "23505" :
                    return problem(Problem.of(ProblemType.CONFLICT,
                            CONFLICTS.getOrDefault(constraint, "This conflicts with an existing resource")), uri);
                case "23514" :
                case "22001" :
                case "22P02" :
                    return problem(Problem.of(ProblemType.VALIDATION,
                            "A value is out of range or malformed"
                                    + (constraint == null ? "" : " (" + constraint + ")")),
                            uri);
                case "23503" :
                    return problem(Problem.of(ProblemType.CONFLICT,
                            "A referenced resource does not exist or is still referenced"), uri);
                case "40001" :
                case "40P01" :
                    return problem(Problem.of(ProblemType.CONFLICT,
                            "A concurrent change got in the way; retry the request"), uri);
                default :
                    break;
            }
        }
        return new ProblemMappers().unexpected(e, uri);
    }

    private static PgException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return pg;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Response problem(Problem problem, UriInfo uri) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.withInstance(uri.getPath()))
                .build();
    }
}
