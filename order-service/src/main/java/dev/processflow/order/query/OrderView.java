package dev.processflow.order.query;

import dev.processflow.events.Money;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.order.OrderStatus;
import dev.processflow.order.PurchaseOrder;
import dev.processflow.order.TimelineEntry;
import dev.processflow.platform.tracing.TraceContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as the REST API shows it. */
public record OrderView(UUID id, OrderStatus status, RejectionReason rejectionReason, String rejectionDetail,
        Customer customer, List<Item> items, Money total, Instant createdAt, Instant updatedAt, String traceId,
        List<Step> timeline) {

    public record Item(String sku, int quantity, Money unitPrice) {
    }

    /** One step of the flow; {@code traceId} is the trace of the span that recorded it. */
    public record Step(String type, String source, Instant at, String detail, String traceId) {
    }

    public static OrderView of(PurchaseOrder order, List<Step> timeline) {
        return new OrderView(order.id, order.status, order.rejectionReason, order.rejectionDetail, order.customer(),
                order.lines().stream().map(l -> new Item(l.sku(), l.quantity(), l.unitPrice())).toList(),
                order.total(), order.createdAt, order.updatedAt,
                order.trace().map(TraceContext::traceId).orElse(null),
                timeline);
    }

    public static List<Step> steps(List<TimelineEntry> timeline) {
        return timeline.stream().map(t -> new Step(t.type, t.source, t.at, t.detail, t.traceId)).toList();
    }
}
