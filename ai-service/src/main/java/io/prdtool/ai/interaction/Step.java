package io.prdtool.ai.interaction;

import java.util.UUID;

import io.prdtool.ai.suggestion.SuggestionView;
import io.prdtool.shared.problem.ProblemType;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a running call reports, in order: started, deltas, usage, suggestions, then done or failed. */
public sealed interface Step {

    @RegisterForReflection
    record Started(UUID interactionId, String action, String provider, String model) implements Step {
    }

    @RegisterForReflection
    record Delta(String text) implements Step {
    }

    @RegisterForReflection
    record Usage(int promptTokens, int responseTokens, boolean estimated) implements Step {
    }

    @RegisterForReflection
    record Suggestion(SuggestionView suggestion) implements Step {
    }

    /** The call ended as completed or cancelled. */
    @RegisterForReflection
    record Done(InteractionView interaction) implements Step {
    }

    /**
     * The call failed: the problem the caller gets (429, 502, 504 ...; {@code retryAfterSeconds} for a 429) and the
     * recorded interaction (null if even recording failed).
     */
    @RegisterForReflection
    record Failed(ProblemType type, String detail, Long retryAfterSeconds, InteractionView interaction)
            implements
                Step {

        /** How a recorded failure ({@code errorCode} of an interaction) reaches the caller. */
        public static Failed of(String errorCode, String message, Long retryAfterSeconds, InteractionView view) {
            String detail = message == null || message.isEmpty()
                    ? "The AI provider failed"
                    : Character.toUpperCase(message.charAt(0)) + message.substring(1);
            return switch (errorCode == null ? "" : errorCode) {
                case "rate_limited" -> {
                    long wait = retryAfterSeconds == null ? 30 : retryAfterSeconds;
                    yield new Failed(ProblemType.TOO_MANY_REQUESTS,
                            "The AI provider is rate limiting requests; try again in " + wait + " s", wait, view);
                }
                case "timeout" -> new Failed(ProblemType.GATEWAY_TIMEOUT,
                        "The AI provider did not answer in time: " + message, null, view);
                case "internal" -> new Failed(ProblemType.INTERNAL,
                        "The request could not be completed; it has been logged", null, view);
                default -> new Failed(ProblemType.BAD_GATEWAY, detail, null, view);
            };
        }

        public io.prdtool.shared.problem.ProblemException toException() {
            return retryAfterSeconds == null
                    ? new io.prdtool.shared.problem.ProblemException(type, detail)
                    : io.prdtool.shared.problem.ProblemException.retryAfter(type, detail, retryAfterSeconds);
        }
    }
}
