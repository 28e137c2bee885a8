package dev.processflow.events.payment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Money;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentAuthorized(UUID orderId, UUID paymentId, Money amount, String cardBrand, String last4) {

    public PaymentAuthorized {
        Required.value(orderId, "orderId");
        Required.value(paymentId, "paymentId");
        Required.value(amount, "amount");
        Required.atMost(cardBrand, "cardBrand", Limits.CARD_BRAND);
        Required.atMost(last4, "last4", Limits.LAST4);
    }
}
