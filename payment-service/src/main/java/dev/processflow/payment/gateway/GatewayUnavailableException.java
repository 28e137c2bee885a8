package dev.processflow.payment.gateway;

/**
 * The gateway could not answer now; trying again later with the same idempotency key may succeed. {@link #outcome()}
 * says what the failure proves about the key, and {@link #providerAnswered()} whether the provider itself said "not
 * now" (so it is reachable).
 */
public class GatewayUnavailableException extends RuntimeException {

    /** What a failed call proves about its idempotency key. */
    public enum Outcome {
        /** This request was not applied (connection refused, a "not now" before the key was looked at); an earlier
         *  request under the same key may have been. */
        NOT_APPLIED,
        /** This request may have been applied (a timeout, a connection dropped after it was sent). */
        UNKNOWN,
        /** The provider looked the key up and holds nothing under it (its processing error): no request under this
         *  key was applied, earlier ones included. */
        NOTHING_HELD
    }

    private final Outcome outcome;
    private final boolean providerAnswered;

    public GatewayUnavailableException(String message, Outcome outcome, boolean providerAnswered) {
        super(message);
        this.outcome = outcome;
        this.providerAnswered = providerAnswered;
    }

    public GatewayUnavailableException(String message, Outcome outcome, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
        this.providerAnswered = false;
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean providerAnswered() {
        return providerAnswered;
    }
}
