package io.prdtool.notification.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Delivery outcomes per channel: {@code prdtool_notification_deliveries_total{channel, outcome}} with outcome
 * {@code sent}, {@code skipped}, {@code held}, {@code failed}, {@code dead} (chat: {@code sent} = handed to
 * integration-service), and {@code prdtool_notification_digests_total{kind, outcome}}.
 */
@ApplicationScoped
public class DeliveryMetrics {

    @Inject
    MeterRegistry registry;

    public void delivery(String channel, String outcome) {
        Counter.builder("prdtool.notification.deliveries").tag("channel", channel).tag("outcome", outcome)
                .register(registry).increment();
    }

    public void digest(String kind, String outcome) {
        Counter.builder("prdtool.notification.digests").tag("kind", kind).tag("outcome", outcome).register(registry)
                .increment();
    }
}
