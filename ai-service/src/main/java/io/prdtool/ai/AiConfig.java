package io.prdtool.ai;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * ai-service settings ({@code prdtool.ai.*}, env {@code PRDTOOL_AI_...}). Every default works in the local stack;
 * with no provider configured, ai-service runs its offline reviewer, suggestions and usage, and generative actions
 * answer 503.
 */
@ConfigMapping(prefix = "prdtool.ai")
public interface AiConfig {

    Provider provider();

    Timeouts timeouts();

    Output output();

    Limits limits();

    Budget budget();

    Secrets secrets();

    Retention retention();

    Review review();

    Stream stream();

    /** The deployment's default provider; an organization may replace it with its own (owners and admins). */
    interface Provider {

        /** {@code openai} (OpenAI, Ollama, vLLM, llama.cpp server: any /v1/chat/completions) or {@code azure}. */
        @WithDefault("openai")
        String kind();

        /**
         * Base URL up to and including {@code /v1} (OpenAI {@code https://api.openai.com/v1}, Ollama
         * {@code http://localhost:11434/v1}); for Azure the deployment URL
         * {@code https://<resource>.openai.azure.com/openai/deployments/<deployment>}. Empty: no default provider.
         */
        Optional<String> baseUrl();

        /** The model to ask for; never hard-coded. */
        Optional<String> model();

        /** Sent as a bearer token (Azure: the {@code api-key} header). Ollama and local servers need none. */
        Optional<String> apiKey();

        /** Azure's {@code api-version} query parameter. */
        @WithDefault("2024-10-21")
        String apiVersion();

        /** {@code max_tokens} (most servers) or {@code max_completion_tokens} (OpenAI's reasoning models). */
        @WithDefault("max_tokens")
        String tokenLimitField();

        /**
         * Whether an organization's own base URL may point at private, loopback or link-local addresses (an SSRF
         * vector: allow it only where organizations are trusted, e.g. a single-tenant install with a local Ollama).
         */
        @WithDefault("false")
        boolean allowPrivateEndpoints();
    }

    /** Bounds of every call to a provider; a call that exceeds one fails as {@code timeout}. */
    interface Timeouts {

        @WithDefault("5s")
        Duration connect();

        /** From sending the request to the first token of the answer. */
        @WithDefault("30s")
        Duration firstToken();

        /** Silence between two parts of a streamed answer. */
        @WithDefault("30s")
        Duration idle();

        @WithDefault("120s")
        Duration total();
    }

    interface Output {

        /**
         * The highest answer bound (max_tokens) any request may carry; each action sends its own bound, capped by
         * this one. Every request carries one.
         */
        @WithDefault("4096")
        int maxTokens();

        /** Answers longer than this many characters are cut off upstream and fail as {@code output_too_large}. */
        @WithDefault("200000")
        int maxChars();
    }

    interface Limits {

        /** Generative requests per user and organization in any 60 seconds. */
        @WithDefault("20")
        int requestsPerMinute();

        /** Generative actions one user may have running at once. */
        @WithDefault("2")
        int concurrentStreams();

        /** Largest selection an improve / shorten / expand action accepts (characters). */
        @WithDefault("20000")
        int maxSelectionChars();

        /** Largest part of a PRD sent to a provider (characters); longer documents are refused, never cut silently. */
        @WithDefault("120000")
        int maxInputChars();
    }

    interface Budget {

        /** Tokens per calendar month (UTC) for the free tier; an owner may set a lower cap for any tier. */
        @WithDefault("200000")
        long free();

        @WithDefault("2000000")
        long team();

        @WithDefault("10000000")
        long business();

        @WithDefault("50000000")
        long enterprise();

        /** The monthly budget of a subscription tier (an unknown tier gets the free tier's). */
        default long forTier(String tier) {
            return switch (tier == null ? "free" : tier) {
                case "team" -> team();
                case "business" -> business();
                case "enterprise" -> enterprise();
                default -> free();
            };
        }
    }

    interface Secrets {

        /**
         * AES-256 keys (base64, 32 bytes) by key id, e.g. {@code PRDTOOL_AI_SECRETS_KEYS_K2026=...}. Old ids stay
         * listed until the rotation job has re-encrypted every secret with the active one.
         */
        Map<String, String> keys();

        /** The id of the key new secrets are encrypted with; empty: organizations cannot store API keys. */
        Optional<String> activeKeyId();

        /** How often secrets under an older key are re-encrypted with the active key (also at startup). */
        @WithDefault("1h")
        String rotateEvery();
    }

    interface Retention {

        /** Days prompt and response text are kept when the organization chose nothing (0: never stored). */
        @WithDefault("30")
        int defaultDays();

        @WithDefault("15m")
        String purgeEvery();
    }

    interface Review {

        /** Review PRDs automatically when their content changes (debounced). */
        @WithDefault("true")
        boolean automatic();

        /** A PRD is reviewed once its content has not changed for this long... */
        @WithDefault("20s")
        Duration quietPeriod();

        /** ...or at the latest this long after the first unreviewed change. */
        @WithDefault("2m")
        Duration maxDelay();

        @WithDefault("5s")
        String pollEvery();
    }

    interface Stream {

        /** An SSE comment is sent this often while an answer streams, so proxies keep the connection open. */
        @WithDefault("15s")
        Duration heartbeat();

        /**
         * Pieces of an answer arriving within this long of each other are sent to the client as one delta event (the
         * first piece always at once); 0 sends every piece as it comes.
         */
        @WithDefault("25ms")
        Duration coalesce();
    }
}
