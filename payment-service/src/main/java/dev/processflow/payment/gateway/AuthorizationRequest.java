package dev.processflow.payment.gateway;

import dev.processflow.events.Money;
import java.util.Objects;
import java.util.UUID;

/**
 * What an authorization needs. {@code idempotencyKey} is the same for every attempt of one order's authorization;
 * the token is the customer's gateway token, never card data.
 */
public record AuthorizationRequest(String idempotencyKey, UUID orderId, Money amount, String token) {

    public AuthorizationRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(token, "token");
    }

    /** Leaves the token out, so a request that ends up in a log or an exception message does not carry it. */
    @Override
    public String toString() {
        return "AuthorizationRequest[idempotencyKey=" + idempotencyKey + ", orderId=" + orderId + ", amount=" + amount + "]";
    }
}
