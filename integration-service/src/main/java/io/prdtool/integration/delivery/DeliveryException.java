package io.prdtool.integration.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Why a call to an external target (Jira, Confluence, a chat webhook, a git remote, a signed webhook) failed, and what
 * the dispatcher does about it. Every target adapter throws this (and only this) for a failed call, so the retry,
 * dead-letter and auto-disable policy lives in one place.
 * <ul>
 * <li>{@link Kind#RETRYABLE}: connect errors, timeouts, 408, 425, 429, 5xx. Retried with backoff, never sooner than
 * {@link #retryAfter()}.</li>
 * <li>{@link Kind#TERMINAL}: 400, 404 (of one item), 409 after its retry, 422, Slack {@code ok:false}, a rejected
 * payload. Needs a person: the delivery fails without further attempts.</li>
 * <li>{@link Kind#AUTH}: 401, 403, a revoked token. Fails the delivery and disables the integration.</li>
 * <li>{@link Kind#GONE}: 410 (and 404 of the target itself: an archived channel, a deleted webhook). Fails the
 * delivery and disables the integration.</li>
 * </ul>
 * The message and {@link #responseExcerpt()} never contain a secret: adapters redact before throwing.
 */
public class DeliveryException extends RuntimeException {

    public enum Kind {

        RETRYABLE, TERMINAL, AUTH, GONE;

        /** Whether a failure of this kind disables the integration (the admin must fix credentials or target). */
        public boolean disables() {
            return this == AUTH || this == GONE;
        }
    }

    private static final int EXCERPT = 2000;

    private final Kind kind;
    private final Integer status;
    private final Duration retryAfter;
    private final String responseExcerpt;

    public DeliveryException(Kind kind, String message, Integer status, Duration retryAfter, String responseExcerpt,
            Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
        this.responseExcerpt = excerpt(responseExcerpt);
    }

    public static DeliveryException retryable(String message, Throwable cause) {
        return new DeliveryException(Kind.RETRYABLE, message, null, null, null, cause);
    }

    public static DeliveryException terminal(String message) {
        return new DeliveryException(Kind.TERMINAL, message, null, null, null, null);
    }

    /**
     * Classifies an HTTP answer that was not a success: 408, 425, 429 and 5xx are retryable (honouring
     * {@code Retry-After}), 401 and 403 are {@link Kind#AUTH}, 410 is {@link Kind#GONE}, any other status (400, 404,
     * 409, 422, and 3xx since redirects are never followed) is terminal. {@code targetGoneOn404}: a 404 means the
     * target itself is gone (a deleted webhook URL) rather than one missing item.
     */
    public static DeliveryException fromHttp(String what, int status, String retryAfterHeader, String bodyExcerpt,
            boolean targetGoneOn404) {
        Kind kind;
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            kind = Kind.RETRYABLE;
        } else if (status == 401 || status == 403) {
            kind = Kind.AUTH;
        } else if (status == 410 || (status == 404 && targetGoneOn404)) {
            kind = Kind.GONE;
        } else {
            kind = Kind.TERMINAL;
        }
        return new DeliveryException(kind, what + " answered HTTP " + status, status, parseRetryAfter(retryAfterHeader),
                bodyExcerpt, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, if the target answered. */
    public Integer status() {
        return status;
    }

    /** The earliest the target accepts another attempt ({@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** At most 2,000 characters of the target's answer, redacted by the adapter; may be null. */
    public String responseExcerpt() {
        return responseExcerpt;
    }

    /**
     * {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. A date
     * in the past is zero.
     */
    public static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String excerpt(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT) + "…";
    }
}
