package dev.processflow.payment.authorization;

import dev.processflow.payment.intent.Backoff;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try a transiently failed authorization again: after {@code backoff}'s delay, and never again once
 * {@code maxAttempts} attempts were made, so the order is decided well inside the saga timeout.
 */
public record RetryPolicy(int maxAttempts, Backoff backoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1");
        }
    }

    /** The next attempt after {@code attemptsMade} failed ones, or empty when the attempts are used up. */
    public Optional<Instant> nextAttempt(int attemptsMade, Instant now) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(now.plus(backoff.delayAfter(attemptsMade)));
    }
}
