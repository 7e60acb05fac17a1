package io.prdtool.integration.delivery;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Prometheus metrics of deliveries: attempts by outcome ({@code prdtool_integration_attempts_total}: delivered,
 * retryable, terminal, auth, gone), deliveries that ended ({@code prdtool_integration_deliveries_total}: delivered,
 * failed, dead), and the duration of attempts ({@code prdtool_integration_attempt_duration_seconds}), tagged with the
 * integration type and the action.
 */
@ApplicationScoped
public class DeliveryMetrics {

    @Inject
    MeterRegistry registry;

    void attempt(String type, String action, String outcome, long durationMs) {
        Counter.builder("prdtool.integration.attempts").description("Delivery attempts by outcome")
                .tags("type", type, "action", action, "outcome", outcome).register(registry).increment();
        Timer.builder("prdtool.integration.attempt.duration").description("Duration of delivery attempts")
                .tags("type", type, "action", action, "outcome", outcome).publishPercentileHistogram()
                .register(registry).record(Duration.ofMillis(durationMs));
    }

    void ended(String type, String action, String status) {
        Counter.builder("prdtool.integration.deliveries").description("Deliveries that reached a final state")
                .tags("type", type, "action", action, "status", status).register(registry).increment();
    }
}
