package io.prdtool.shared.problem;

import java.util.List;

/**
 * A failure that reaches the client as a problem-details body. Domain code throws this (or a subclass) with a
 * message written for the API user; it is never logged as an error, since the client caused it.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<String> allowed;
    private final Long retryAfterSeconds;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<String> allowed) {
        this(type, detail, allowed, null);
    }

    private ProblemException(ProblemType type, String detail, List<String> allowed, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.type = type;
        this.allowed = List.copyOf(allowed);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * A refusal the client may retry after {@code seconds} (sent as a {@code Retry-After} header): 429 Too Many
     * Requests, 503 Service Unavailable.
     */
    public static ProblemException retryAfter(ProblemType type, String detail, long seconds) {
        return new ProblemException(type, detail, List.of(), Math.max(1, seconds));
    }

    /** Seconds after which the client may retry, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ProblemType type() {
        return type;
    }

    public Problem toProblem() {
        return Problem.of(type, getMessage()).withAllowed(allowed);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " not found");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(ProblemType.BAD_REQUEST, detail);
    }
}
