package dev.processflow.events.payment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Money;
import dev.processflow.events.Required;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentCaptured(UUID orderId, UUID paymentId, Money amount) {

    public PaymentCaptured {
        Required.value(orderId, "orderId");
        Required.value(paymentId, "paymentId");
        Required.value(amount, "amount");
    }
}
