package dev.processflow.payment.gateway;

import dev.processflow.events.Money;
import java.util.Objects;
import java.util.UUID;

/** A capture or void of the authorization the gateway knows by {@code reference}. */
public record SettlementRequest(UUID paymentId, String reference, Money amount) {

    public SettlementRequest {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(amount, "amount");
    }
}
