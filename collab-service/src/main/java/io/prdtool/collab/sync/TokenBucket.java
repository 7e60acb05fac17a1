package io.prdtool.collab.sync;

/** A token bucket: {@code burst} tokens, refilled at {@code perSecond}. Not thread-safe (one per connection). */
final class TokenBucket {

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    synchronized boolean tryTake() {
        refill();
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** How long until {@link #tryTake()} succeeds (at least 1 ms). */
    synchronized long millisUntilToken() {
        refill();
        double missing = 1 - tokens;
        return missing <= 0 ? 1 : Math.max(1, (long) Math.ceil(missing / perSecond * 1000));
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
        last = now;
    }
}
