package dev.processflow.payment.authorization;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try a transiently failed authorization again: {@code initialDelay} after the first attempt, doubling after
 * each further one up to {@code maxDelay}, and never again once {@code maxAttempts} attempts were made.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1");
        }
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("initial-delay must be positive and not above max-delay");
        }
    }

    /** The next attempt after {@code attemptsMade} failed ones, or empty when the payment must be declined. */
    public Optional<Instant> nextAttempt(int attemptsMade, Instant now) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(now.plus(delayAfter(attemptsMade)));
    }

    Duration delayAfter(int attemptsMade) {
        int doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
        Duration delay = initialDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
