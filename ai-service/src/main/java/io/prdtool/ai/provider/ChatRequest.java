package io.prdtool.ai.provider;

import java.util.List;

/**
 * What we ask a model. {@code maxTokens} is always sent (a runaway answer is bounded upstream, not only here);
 * {@code json} asks for a JSON object answer ({@code response_format}); {@code user} is an opaque, stable id of the
 * end user (a hash, never an email) that providers use for abuse detection.
 */
public record ChatRequest(List<ChatMessage> messages, int maxTokens, double temperature, boolean json, String user) {
}
