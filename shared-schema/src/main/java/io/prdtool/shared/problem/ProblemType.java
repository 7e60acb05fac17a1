package io.prdtool.shared.problem;

import java.net.URI;

/**
 * The closed set of problem types the suite answers with. Adding a type is fine; renaming one breaks clients that
 * switch on {@code type}.
 */
public enum ProblemType {

    BAD_REQUEST("bad-request", "Bad request", 400), MALFORMED_JSON("malformed-json", "Malformed JSON body",
            400), VALIDATION("validation", "Validation failed", 400), UNAUTHORIZED("unauthorized",
                    "Authentication required", 401), FORBIDDEN("forbidden", "Not allowed", 403), NOT_FOUND("not-found",
                            "Not found",
                            404), METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405), NOT_ACCEPTABLE(
                                    "not-acceptable", "Not acceptable",
                                    406), CONFLICT("conflict", "Conflict", 409), INVALID_TRANSITION(
                                            "invalid-transition", "Transition not allowed",
                                            409), PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large",
                                                    413), UNSUPPORTED_MEDIA_TYPE("unsupported-media-type",
                                                            "Unsupported media type", 415), UNPROCESSABLE(
                                                                    "unprocessable", "Unprocessable request",
                                                                    422), TOO_MANY_REQUESTS("too-many-requests",
                                                                            "Too many requests",
                                                                            429), INTERNAL("internal", "Internal error",
                                                                                    500), UNAVAILABLE("unavailable",
                                                                                            "Service unavailable", 503),
    /** An upstream service (e.g. an AI provider) answered with an error or with something unusable. */
    BAD_GATEWAY("bad-gateway", "Bad gateway", 502),
    /** An upstream service (e.g. an AI provider) did not answer in time. */
    GATEWAY_TIMEOUT("gateway-timeout", "Gateway timeout", 504),
    /** The operation exists but this deployment cannot perform it yet (e.g. an adapter that is not installed). */
    NOT_IMPLEMENTED("not-implemented", "Not implemented", 501);

    private final URI uri;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.uri = URI.create(Problem.TYPE_BASE + slug);
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The generic type for an HTTP status that has no more specific type. */
    public static ProblemType forStatus(int status) {
        for (ProblemType t : values()) {
            if (t.status == status && t != MALFORMED_JSON && t != VALIDATION && t != INVALID_TRANSITION) {
                return t;
            }
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }
}
