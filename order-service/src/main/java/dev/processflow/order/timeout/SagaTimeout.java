package dev.processflow.order.timeout;

import dev.processflow.events.order.RejectionReason;
import dev.processflow.events.Topics;
import dev.processflow.order.OrderTransitions;
import dev.processflow.order.PurchaseOrder;
import dev.processflow.platform.tracing.EventTracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Rejects PENDING orders past their deadline with reason TIMEOUT. Overdue rows are claimed with SKIP LOCKED, so
 * replicas sweeping at the same moment share the work and never reject one order twice; the deadline lives in the
 * database, so a restart loses none.
 */
@ApplicationScoped
public class SagaTimeout {

    private static final int BATCH = 100;

    private final EntityManager entityManager;
    private final OrderTransitions transitions;
    private final EventTracing tracing;

    public SagaTimeout(EntityManager entityManager, OrderTransitions transitions, EventTracing tracing) {
        this.entityManager = entityManager;
        this.transitions = transitions;
        this.tracing = tracing;
    }

    /** Rejects up to one batch of overdue orders; returns how many. */
    @Transactional
    public int rejectOverdue(Instant now) {
        @SuppressWarnings("unchecked")
        List<UUID> overdue = entityManager.createNativeQuery("""
                SELECT id FROM orders WHERE status = 'PENDING' AND deadline_at <= ?1
                ORDER BY deadline_at LIMIT ?2 FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, BATCH)
                .getResultList();
        for (UUID id : overdue) {
            PurchaseOrder order = PurchaseOrder.findById(id);
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
