package dev.processflow.events.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Money;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderPlaced(UUID orderId, Customer customer, List<OrderLine> items, Money total, String paymentToken, Instant placedAt) {

    public OrderPlaced {
        Required.value(orderId, "orderId");
        Required.value(customer, "customer");
        items = Required.nonEmpty(items, "items", Limits.ORDER_LINES);
        Required.value(total, "total");
        Required.text(paymentToken, "paymentToken", Limits.PAYMENT_TOKEN);
        Required.value(placedAt, "placedAt");
    }
}
