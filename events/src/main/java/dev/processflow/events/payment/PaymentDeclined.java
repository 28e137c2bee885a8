package dev.processflow.events.payment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentDeclined(UUID orderId, String declineCode, String detail) {

    public PaymentDeclined {
        Required.value(orderId, "orderId");
        Required.text(declineCode, "declineCode", Limits.DECLINE_CODE);
    }
}
