package io.prdtool.ai.provider;

/**
 * A call to a provider that did not produce a usable answer. {@code code} is recorded on the interaction and in
 * {@code AiInteractionFailed.errorCode}: provider_error, rate_limited, auth, timeout, invalid_output,
 * output_too_large, unreachable, internal. The message is safe to show (no key, no request body).
 */
public class ProviderException extends RuntimeException {

    public static final String PROVIDER_ERROR = "provider_error";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String AUTH = "auth";
    public static final String TIMEOUT = "timeout";
    public static final String INVALID_OUTPUT = "invalid_output";
    public static final String OUTPUT_TOO_LARGE = "output_too_large";
    public static final String UNREACHABLE = "unreachable";
    public static final String INTERNAL = "internal";

    private final String code;
    private final Long retryAfterSeconds;
    /** Whether the request may be sent again as is (nothing of the answer was received). */
    private final boolean retryable;

    public ProviderException(String code, String message) {
        this(code, message, null, false);
    }

    public ProviderException(String code, String message, Long retryAfterSeconds, boolean retryable) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public boolean retryable() {
        return retryable;
    }
}
