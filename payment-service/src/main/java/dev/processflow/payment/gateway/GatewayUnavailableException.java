package dev.processflow.payment.gateway;

/**
 * The gateway could not answer now; trying again later with the same idempotency key may succeed.
 * {@code outcomeUnknown} is true when the request may have been applied (a timeout, a connection dropped after it was
 * sent), false when it surely was not (connection refused, the provider's own answer that it did nothing).
 * {@code providerAnswered}: the provider itself answered "not now" (a processing error, 429), so it is reachable.
 */
public class GatewayUnavailableException extends RuntimeException {

    private final boolean outcomeUnknown;
    private final boolean providerAnswered;

    public GatewayUnavailableException(String message, boolean outcomeUnknown, boolean providerAnswered) {
        super(message);
        this.outcomeUnknown = outcomeUnknown;
        this.providerAnswered = providerAnswered;
    }

    public GatewayUnavailableException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
        this.providerAnswered = false;
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    public boolean providerAnswered() {
        return providerAnswered;
    }
}
