package io.prdtool.ai.provider;

import io.smallrye.mutiny.Multi;

/**
 * A model vendor's wire protocol. One implementation today ({@link OpenAiCompatibleProvider}: OpenAI, Azure OpenAI,
 * Ollama, vLLM, llama.cpp server); another vendor is another implementation of this interface chosen by
 * {@link ProviderConfig#kind()}.
 * <p>
 * {@link #chat} streams the answer: deltas, then usage (when the provider reports it) and a finish. Cancelling the
 * subscription aborts the upstream request at once (its connection is closed, never reused). Failures are
 * {@link ProviderException}s.
 */
public interface LlmProvider {

    boolean supports(String kind);

    Multi<ChatEvent> chat(ProviderConfig config, ChatRequest request);
}
