package io.prdtool.shared.outbox;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wakes this instance's relay as soon as a transaction that may have written to the outbox commits, so an idle relay
 * publishes with millisecond latency instead of waiting for its next poll (which still covers writes made by other
 * instances or outside {@link io.prdtool.shared.tx.Tx}).
 */
@ApplicationScoped
public class OutboxSignal {

    private final Semaphore pending = new Semaphore(0);

    public void wake() {
        if (pending.availablePermits() == 0) {
            pending.release();
        }
    }

    /** Waits up to {@code millis} for a wake-up; returns whether one came. Called from the relay's own thread. */
    boolean await(long millis) throws InterruptedException {
        boolean woken = pending.tryAcquire(millis, TimeUnit.MILLISECONDS);
        pending.drainPermits();
        return woken;
    }
}
