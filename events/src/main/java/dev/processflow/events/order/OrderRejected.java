package dev.processflow.events.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Required;
import java.time.Instant;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderRejected(UUID orderId, Customer customer, RejectionReason reason, String detail, Instant rejectedAt) {

    public OrderRejected {
        Required.value(orderId, "orderId");
        Required.value(customer, "customer");
        Required.value(reason, "reason");
        Required.value(rejectedAt, "rejectedAt");
    }
}
