package io.prdtool.integration.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: after the n-th failed attempt, wait a random time between 0 and the n-th
 * entry of the schedule (full jitter), but never less than the target's {@code Retry-After}; after the last entry the
 * delivery is dead.
 */
public final class RetrySchedule {

    private final List<Duration> waits;

    public RetrySchedule(List<Duration> waits) {
        this.waits = List.copyOf(waits);
    }

    /** The wait after failed attempt {@code attempt} (1-based, counted since the last replay); empty: dead. */
    public Optional<Duration> after(int attempt, Duration retryAfter) {
        if (attempt < 1 || attempt > waits.size()) {
            return Optional.empty();
        }
        long cap = waits.get(attempt - 1).toMillis();
        Duration jittered = Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
        return Optional.of(retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered);
    }

    /** Attempts a delivery gets in all: the first and one per entry. */
    public int maxAttempts() {
        return waits.size() + 1;
    }
}
