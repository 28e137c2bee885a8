package dev.processflow.payment.intent;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How long effects that must happen whatever it takes (captures, voids, authorizations whose outcome is unknown) are
 * retried while the provider is unreachable: capped exponential backoff for {@code retry-for} (hours) from the start
 * of the current window, after which the intent is given up loudly and left to reconciliation.
 */
@ApplicationScoped
public class RetryWindow {

    private final Backoff backoff;
    private final Duration retryFor;

    public RetryWindow(@ConfigProperty(name = "processflow.payment.settlement.initial-delay") Duration initialDelay,
            @ConfigProperty(name = "processflow.payment.settlement.max-delay") Duration maxDelay,
            @ConfigProperty(name = "processflow.payment.settlement.retry-for") Duration retryFor) {
        this.backoff = new Backoff(initialDelay, maxDelay);
        this.retryFor = retryFor;
    }

    /** When to try again after {@code failures} failed calls in a window opened at {@code since}; empty: give up. */
    public Optional<Instant> next(int failures, Instant since, Instant now) {
        Instant next = now.plus(backoff.delayAfter(failures));
        return next.isAfter(since.plus(retryFor)) ? Optional.empty() : Optional.of(next);
    }

    public Duration retryFor() {
        return retryFor;
    }
}
