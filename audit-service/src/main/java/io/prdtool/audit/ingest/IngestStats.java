package io.prdtool.audit.ingest;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;

/** What the consumer did, as counters (exported as metrics; tests assert on them). */
@ApplicationScoped
public class IngestStats {

    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    @Inject
    void register(MeterRegistry registry) {
        registry.gauge("prdtool.audit.events.applied", applied);
        registry.gauge("prdtool.audit.events.duplicates", duplicates);
        registry.gauge("prdtool.audit.events.dead.lettered", rejected);
    }

    void applied() {
        applied.incrementAndGet();
    }

    void duplicate() {
        duplicates.incrementAndGet();
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    public long appliedCount() {
        return applied.get();
    }

    public long duplicateCount() {
        return duplicates.get();
    }

    public long rejectedCount() {
        return rejected.get();
    }
}
