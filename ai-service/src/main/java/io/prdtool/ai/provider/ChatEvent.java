package io.prdtool.ai.provider;

/** What a provider's answer is made of, in order: deltas, then at most one usage and one finish. */
public sealed interface ChatEvent {

    /** A piece of the answer's text. */
    record Delta(String text) implements ChatEvent {
    }

    /** Token counts as the provider reported them. */
    record Usage(int promptTokens, int completionTokens) implements ChatEvent {
    }

    /** The answer is complete: why it ended ({@code stop}, {@code length}, ...) and the model that answered. */
    record Finished(String finishReason, String model) implements ChatEvent {
    }
}
