package io.prdtool.notification.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: {@code base × 2^(attempt-1)}, capped, plus up to 25 % random on top. */
public final class Backoff {

    private Backoff() {
    }

    public static Duration after(int attempt, Duration base, Duration max) {
        long ms = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        ms = Math.min(ms, max.toMillis());
        long jitter = (long) (ms * 0.25 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(ms + jitter);
    }
}
