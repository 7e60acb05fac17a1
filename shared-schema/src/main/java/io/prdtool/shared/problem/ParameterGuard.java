package io.prdtool.shared.problem;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Query and path parameters get the same rule as JSON bodies ({@link StrictRequestJson}): a NUL character (U+0000),
 * which no PostgreSQL text can hold, is a 400 naming the parameter, before any resource method runs.
 */
public class ParameterGuard {

    @ServerRequestFilter(preMatching = false)
    public Response rejectNulCharacters(ContainerRequestContext request) {
        String bad = firstWithNul(request.getUriInfo().getQueryParameters());
        if (bad == null) {
            bad = firstWithNul(request.getUriInfo().getPathParameters());
        }
        if (bad == null) {
            return null;
        }
        return ProblemMappers.respond(Problem.of(ProblemType.VALIDATION,
                "Parameter '" + bad + "' contains a NUL character (U+0000), which text cannot hold")
                .withErrors(List.of(new Problem.FieldError(bad, "contains a NUL character"))),
                request.getUriInfo());
    }

    private static String firstWithNul(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
            for (String v : e.getValue()) {
                if (v != null && v.indexOf('\u0000') >= 0) {
                    return e.getKey();
                }
            }
        }
        return null;
    }
}
