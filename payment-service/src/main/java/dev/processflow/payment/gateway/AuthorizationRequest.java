package dev.processflow.payment.gateway;

import dev.processflow.events.Money;
import java.util.Objects;
import java.util.UUID;

/** What an authorization needs. The token is the customer's gateway token, never card data. */
public record AuthorizationRequest(UUID paymentId, UUID orderId, Money amount, String token) {

    public AuthorizationRequest {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(token, "token");
    }

    /** Leaves the token out, so a request that ends up in a log or an exception message does not carry it. */
    @Override
    public String toString() {
        return "AuthorizationRequest[paymentId=" + paymentId + ", orderId=" + orderId + ", amount=" + amount + "]";
    }
}
