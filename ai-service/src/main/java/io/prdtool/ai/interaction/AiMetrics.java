package io.prdtool.ai.interaction;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Prometheus metrics of provider calls, after the OpenTelemetry GenAI conventions: tokens by type
 * ({@code prdtool_ai_tokens_total}), calls by outcome ({@code prdtool_ai_interactions_total}), time to the first token
 * and whole duration ({@code prdtool_ai_time_to_first_token_seconds}, {@code prdtool_ai_duration_seconds}), each
 * tagged with the action, the provider kind and the model requested.
 */
@ApplicationScoped
public class AiMetrics {

    @Inject
    MeterRegistry registry;

    void ended(Prepared p, String status, String errorCode, int promptTokens, int responseTokens, Integer ttftMs,
            long durationMs) {
        String action = p.action().wire();
        String kind = p.provider().kind();
        String model = p.provider().model();
        Counter.builder("prdtool.ai.interactions").description("AI provider calls by outcome")
                .tags("action", action, "provider", kind, "model", model, "status", status, "error",
                        errorCode == null ? "none" : errorCode)
                .register(registry).increment();
        Counter.builder("prdtool.ai.tokens").description("Tokens used, as the provider reported or counted locally")
                .tags("action", action, "provider", kind, "model", model, "type", "input")
                .register(registry).increment(promptTokens);
        Counter.builder("prdtool.ai.tokens").description("Tokens used, as the provider reported or counted locally")
                .tags("action", action, "provider", kind, "model", model, "type", "output")
                .register(registry).increment(responseTokens);
        if (ttftMs != null) {
            Timer.builder("prdtool.ai.time.to.first.token").description("From the request to the first token")
                    .tags("action", action, "provider", kind, "model", model).publishPercentileHistogram()
                    .register(registry).record(Duration.ofMillis(ttftMs));
        }
        Timer.builder("prdtool.ai.duration").description("Whole provider calls, until recorded")
                .tags("action", action, "provider", kind, "model", model, "status", status)
                .publishPercentileHistogram().register(registry).record(Duration.ofMillis(durationMs));
    }
}
