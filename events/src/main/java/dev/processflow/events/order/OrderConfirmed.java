package dev.processflow.events.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Money;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderConfirmed(UUID orderId, Customer customer, List<OrderLine> items, Money total, Instant confirmedAt) {

    public OrderConfirmed {
        Required.value(orderId, "orderId");
        Required.value(customer, "customer");
        items = Required.nonEmpty(items, "items", Limits.ORDER_LINES);
        Required.value(total, "total");
        Required.value(confirmedAt, "confirmedAt");
    }
}
