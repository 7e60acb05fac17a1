package io.prdtool.shared.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The outbox relay of this service instance. Env: {@code PRDTOOL_OUTBOX_RELAY_ENABLED}, ... */
@ConfigMapping(prefix = "prdtool.outbox")
public interface OutboxConfig {

    Relay relay();

    /**
     * Largest event payload (JSON bytes) {@link Outbox#append} accepts; row changes above it are shrunk by the relay
     * (long strings replaced by their length and SHA-256). Keep it under the producer's max.request.size and the broker's message.max.bytes (1 MiB by default).
     */
    @WithDefault("921600")
    int maxPayloadBytes();

    /** How long published rows stay in the outbox (for inspection and replays) before the cleanup deletes them. */
    @WithDefault("P7D")
    Duration retention();

    /** How long processed event ids stay in the inbox; keep it above the topics' retention. */
    @WithDefault("P30D")
    Duration inboxRetention();

    interface Relay {

        /** Whether this instance runs a relay. Several instances may run one each; order per aggregate holds. */
        @WithDefault("true")
        boolean enabled();

        /** Most events claimed and published in one transaction. */
        @WithDefault("500")
        int batchSize();

        /** How often an idle relay looks for events written by other instances (own commits wake it at once). */
        @WithDefault("200ms")
        Duration pollInterval();

        /** Upper bound for the broker to acknowledge a batch; after it the batch is rolled back and retried. */
        @WithDefault("15s")
        Duration sendTimeout();

        /** First pause after a failed batch; doubles up to {@link #maxBackoff()}. */
        @WithDefault("500ms")
        Duration backoff();

        @WithDefault("10s")
        Duration maxBackoff();
    }
}
