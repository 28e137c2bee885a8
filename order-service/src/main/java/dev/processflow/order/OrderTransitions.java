package dev.processflow.order;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.platform.eventing.Outbox;
import dev.processflow.platform.persistence.BoundedText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The two ways out of PENDING; each emits its event with the state change. Callers hold the order's row lock. */
@ApplicationScoped
public class OrderTransitions {

    private final Outbox outbox;

    public OrderTransitions(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void confirm(PurchaseOrder order) {
        requirePending(order);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        order.status = OrderStatus.CONFIRMED;
        order.updatedAt = now;
        CloudEvent<OrderConfirmed> event = CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_CONFIRMED,
                order.id.toString(), new OrderConfirmed(order.id, order.customer(), order.lines(), order.total(), now));
        outbox.emit(event);
        TimelineEntry.record(order.id, event, null);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void reject(PurchaseOrder order, RejectionReason reason, String detail) {
        requirePending(order);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        order.status = OrderStatus.REJECTED;
        order.rejectionReason = reason;
        order.rejectionDetail = BoundedText.fit(detail, PurchaseOrder.MAX_REJECTION_DETAIL);
        order.updatedAt = now;
        CloudEvent<OrderRejected> event = CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_REJECTED,
                order.id.toString(), new OrderRejected(order.id, order.customer(), reason, detail, now));
        outbox.emit(event);
        TimelineEntry.record(order.id, event, reason + (detail == null ? "" : ": " + detail));
    }

    private static void requirePending(PurchaseOrder order) {
        if (!order.isPending()) {
            throw new IllegalStateException("order " + order.id + " is already " + order.status);
        }
    }
}
