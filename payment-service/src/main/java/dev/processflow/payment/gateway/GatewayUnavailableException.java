package dev.processflow.payment.gateway;

/**
 * The gateway could not answer now; trying again later with the same idempotency key may succeed.
 * {@code outcomeUnknown} is true when the request may have been applied (a timeout, a connection dropped after it was
 * sent), false when it surely was not (connection refused, the provider's own answer that it did nothing).
 */
public class GatewayUnavailableException extends RuntimeException {

    private final boolean outcomeUnknown;

    public GatewayUnavailableException(String message, boolean outcomeUnknown) {
        super(message);
        this.outcomeUnknown = outcomeUnknown;
    }

    public GatewayUnavailableException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
