package io.prdtool.shared.problem;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure that reaches the REST layer into the suite's one problem-details shape. Client mistakes keep
 * their message; anything unexpected becomes a bare 500 whose details stay in the log (no class names, no stack
 * traces to clients).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.toProblem(), uri);
        if (e.retryAfterSeconds() != null) {
            response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().toString());
        }
        return response;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return respond(Problem.of(ProblemType.VALIDATION, detail).withErrors(errors), uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    /** Named so that it wins over Quarkus's built-in mapper for this type, which answers 400 without a body. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(StreamReadException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "Your role does not allow this operation"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException jpe) {
            return respond(jsonProblem(jpe), uri);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (status) {
            case 404 -> "No resource at " + uri.getPath();
            case 405 -> "This method is not supported at " + uri.getPath();
            case 406 -> "None of the accepted media types can be produced";
            case 415 -> "This media type is not accepted here";
            case 401 -> "A valid bearer token is required";
            default -> e.getMessage();
        };
        Response.ResponseBuilder builder = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(type, detail).withInstance(uri.getPath()));
        if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            builder.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        if (status == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Unexpected failure serving %s", uri.getPath());
        return respond(Problem.of(ProblemType.INTERNAL, "The request could not be completed; it has been logged"),
                uri);
    }

    private static Response unauthorized(UriInfo uri) {
        return Response.status(401)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(Problem.of(ProblemType.UNAUTHORIZED, "A valid bearer token is required")
                        .withInstance(uri.getPath()))
                .build();
    }

    static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(uri.getPath()))
                .build();
    }

    private static Problem jsonProblem(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StrictRequestJson.NulCharacterException nul) {
                return nulProblem(nul);
            }
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            return Problem.of(ProblemType.VALIDATION, "Unknown field '" + upe.getPropertyName() + "'")
                    .withErrors(List.of(new Problem.FieldError(path(upe), "unknown field")));
        }
        if (e instanceof InvalidFormatException ife) {
            return Problem.of(ProblemType.VALIDATION,
                    "Field '" + path(ife) + "' has an invalid value: " + String.valueOf(ife.getValue()))
                    .withErrors(List.of(new Problem.FieldError(path(ife), "invalid value")));
        }
        if (e instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            return Problem.of(ProblemType.VALIDATION, "Field '" + path(mie) + "' has the wrong type")
                    .withErrors(List.of(new Problem.FieldError(path(mie), "wrong type")));
        }
        if (e instanceof MismatchedInputException) {
            return Problem.of(ProblemType.VALIDATION, "The request body has the wrong shape (expected a JSON object)")
                    .withErrors(List.of(new Problem.FieldError("body", "wrong type")));
        }
        var location = e.getLocation();
        String where = location == null
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return Problem.of(ProblemType.MALFORMED_JSON, "The request body is not valid JSON" + where);
    }

    private static Problem nulProblem(StrictRequestJson.NulCharacterException nul) {
        return Problem.of(ProblemType.VALIDATION, nul.getOriginalMessage())
                .withErrors(List.of(new Problem.FieldError(nul.field(), "contains a NUL character")));
    }

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    /** The property path without the method and parameter names that method validation puts in front. */
    private static String fieldName(ConstraintViolation<?> v) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getName() == null) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(node.getName());
        }
        if (sb.isEmpty()) {
            for (Path.Node node : v.getPropertyPath()) {
                if (node.getKind() == ElementKind.PARAMETER) {
                    return node.getName();
                }
            }
            return "body";
        }
        return sb.toString();
    }
}
