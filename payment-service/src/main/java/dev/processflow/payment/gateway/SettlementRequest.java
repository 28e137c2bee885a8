package dev.processflow.payment.gateway;

import dev.processflow.events.Money;
import java.util.Objects;

/** A capture or void of the authorization the gateway knows by {@code reference}, under the intent's own key. */
public record SettlementRequest(String idempotencyKey, String reference, Money amount) {

    public SettlementRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(amount, "amount");
    }
}
