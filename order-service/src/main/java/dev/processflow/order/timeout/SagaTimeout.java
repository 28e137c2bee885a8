package dev.processflow.order.timeout;

import dev.processflow.events.order.RejectionReason;
import dev.processflow.events.Topics;
import dev.processflow.order.OrderRows;
import dev.processflow.order.OrderTransitions;
import dev.processflow.order.PurchaseOrder;
import dev.processflow.platform.tracing.EventTracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Rejects PENDING orders past their deadline with reason TIMEOUT. Overdue rows are claimed with SKIP LOCKED, so
 * replicas sweeping at the same moment share the work and never reject one order twice; the deadline lives in the
 * database, so a restart loses none.
 */
@ApplicationScoped
public class SagaTimeout {

    private static final int BATCH = 100;

    private final OrderRows rows;
    private final OrderTransitions transitions;
    private final EventTracing tracing;

    public SagaTimeout(OrderRows rows, OrderTransitions transitions, EventTracing tracing) {
        this.rows = rows;
        this.transitions = transitions;
        this.tracing = tracing;
    }

    /** Rejects up to one batch of overdue orders; returns how many. */
    @Transactional
    public int rejectOverdue(Instant now) {
        List<PurchaseOrder> overdue = rows.claimOverdue(now, BATCH);
        for (PurchaseOrder order : overdue) {
            tracing.within("saga timeout", order.trace(), Topics.ORDERS, order.id.toString(),
                    () -> transitions.reject(order, RejectionReason.TIMEOUT, missingOutcomes(order)));
        }
        return overdue.size();
    }

    static String missingOutcomes(PurchaseOrder order) {
        if (order.paymentOutcome == null && order.inventoryOutcome == null) {
            return "no payment or inventory outcome before the deadline";
        }
        return order.paymentOutcome == null ? "no payment outcome before the deadline"
                : "no inventory outcome before the deadline";
    }
}
