package io.prdtool.shared.problem;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one error body of the whole suite: RFC 9457 problem details, sent as {@code application/problem+json}.
 * <p>
 * {@code type} is a stable URI a client may switch on; {@code title} is the short human summary of that type;
 * {@code detail} explains this occurrence. {@code errors} lists field-level violations (validation failures) and
 * {@code allowed} lists what would have been accepted (for example the allowed status transitions).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors,
        List<String> allowed) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://prdtool.dev/problems/";

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, List.of(), List.of());
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance, errors, allowed);
    }

    public Problem withErrors(List<FieldError> errors) {
        return new Problem(type, title, status, detail, instance, errors, allowed);
    }

    public Problem withAllowed(List<String> allowed) {
        return new Problem(type, title, status, detail, instance, errors, allowed);
    }

    /** One rejected field: where it is ({@code field}, a property path) and why. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}
