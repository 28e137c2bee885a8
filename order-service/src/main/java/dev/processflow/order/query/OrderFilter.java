package dev.processflow.order.query;

import dev.processflow.order.OrderStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Which orders a listing shows: one customer's (a customer's own listing) or everybody's (an admin's), optionally
 * only one status and only orders placed in {@code [placedFrom, placedBefore)}.
 */
public record OrderFilter(Optional<String> customerId, Optional<OrderStatus> status, Optional<Instant> placedFrom,
        Optional<Instant> placedBefore) {
}
