package dev.processflow.payment.intent;

import java.time.Duration;

/** Capped exponential backoff: {@code initialDelay} after the first failed attempt, doubling up to {@code maxDelay}. */
public record Backoff(Duration initialDelay, Duration maxDelay) {

    public Backoff {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("the initial delay must be positive and not above the maximum delay");
        }
    }

    public Duration delayAfter(int attemptsMade) {
        int doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
        Duration delay = initialDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
