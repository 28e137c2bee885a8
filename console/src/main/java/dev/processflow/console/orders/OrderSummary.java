package dev.processflow.console.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.console.feed.FlowEvent;
import dev.processflow.events.Money;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of the live order list: read from order-service's list, or made from an {@code order.*} event. Fields an
 * event does not carry are null and the page keeps what it had.
 */
public record OrderSummary(UUID id, String status, String rejectionReason, String rejectionDetail, String customerName,
        Long totalAmount, String currency, Integer lines, Instant createdAt, Instant updatedAt) {

    public static OrderSummary of(JsonNode order) {
        JsonNode total = order.path("total");
        return new OrderSummary(UUID.fromString(order.path("id").asText()), order.path("status").asText(),
                order.path("rejectionReason").asText(null), order.path("rejectionDetail").asText(null),
                order.path("customer").path("name").asText(null),
                total.has("amount") ? total.path("amount").asLong() : null, total.path("currency").asText(null),
                order.path("items").size(), instant(order.path("createdAt")), instant(order.path("updatedAt")));
    }

    /** The row an order event changes; empty for any other event. */
    public static Optional<OrderSummary> of(FlowEvent event) {
        Object data = event.data();
        Instant at = event.event().time();
        if (data instanceof OrderPlaced e) {
            Money total = e.total();
            return Optional.of(new OrderSummary(e.orderId(), "PENDING", null, null, e.customer().name(), total.amount(),
                    total.currency(), e.items().size(), e.placedAt() == null ? at : e.placedAt(), at));
        } else if (data instanceof OrderConfirmed e) {
            return Optional.of(new OrderSummary(e.orderId(), "CONFIRMED", null, null, e.customer().name(),
                    e.total().amount(), e.total().currency(), e.items().size(), null, at));
        } else if (data instanceof OrderRejected e) {
            return Optional.of(new OrderSummary(e.orderId(), "REJECTED", e.reason().name(), e.detail(),
                    e.customer().name(), null, null, null, null, at));
        }
        return Optional.empty();
    }

    private static Instant instant(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? null : Instant.parse(value.asText());
    }
}
