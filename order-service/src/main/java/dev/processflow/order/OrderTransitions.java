package dev.processflow.order;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.platform.eventing.Outbox;
import dev.processflow.platform.persistence.AfterCommit;
import dev.processflow.platform.persistence.BoundedText;
import dev.processflow.platform.tracing.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The two ways out of PENDING, on an order read by {@link OrderRows} under its row lock; each writes the order back,
 * emits its event with the state change and schedules the check of the decision's follow-ups ({@code FollowUps}).
 * Once a decision commits, the saga's duration (placed to decided) is recorded as {@code processflow.saga.duration}
 * by outcome and reason.
 */
@ApplicationScoped
public class OrderTransitions {

    private static final Duration[] SAGA_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(45),
        Duration.ofSeconds(60), Duration.ofMinutes(2)};

    private final OrderRows rows;
    private final Outbox outbox;
    private final Timeline timeline;
    private final TransactionSynchronizationRegistry transactions;
    private final MeterRegistry registry;
    private final Duration followUpGrace;

    public OrderTransitions(OrderRows rows, Outbox outbox, Timeline timeline,
            TransactionSynchronizationRegistry transactions, MeterRegistry registry,
            @ConfigProperty(name = "processflow.reconciliation.follow-up-grace") Duration followUpGrace) {
        this.rows = rows;
        this.outbox = outbox;
        this.timeline = timeline;
        this.transactions = transactions;
        this.registry = registry;
        this.followUpGrace = followUpGrace;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void confirm(PurchaseOrder order) {
        requirePending(order);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        order.status = OrderStatus.CONFIRMED;
        order.updatedAt = now;
        order.followUpDueAt = now.plus(followUpGrace);
        rows.update(order);
        CloudEvent<OrderConfirmed> event = CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_CONFIRMED,
                order.id.toString(), confirmation(order));
        outbox.emit(event);
        timeline.record(order.id, event, null);
        EventTracing.note("order.status", order.status.name());
        recordSagaOnCommit(order);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void reject(PurchaseOrder order, RejectionReason reason, String detail) {
        requirePending(order);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        order.status = OrderStatus.REJECTED;
        order.rejectionReason = reason;
        order.rejectionDetail = BoundedText.fit(detail, PurchaseOrder.MAX_REJECTION_DETAIL);
        order.updatedAt = now;
        order.followUpDueAt = now.plus(followUpGrace);
        rows.update(order);
        CloudEvent<OrderRejected> event = CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_REJECTED,
                order.id.toString(), rejection(order));
        outbox.emit(event);
        timeline.record(order.id, event, reason + (detail == null ? "" : ": " + detail));
        EventTracing.note("order.status", order.status.name());
        EventTracing.note("order.rejection_reason", reason.name());
        recordSagaOnCommit(order);
    }

    /** A rolled-back decision was not one: the duration counts only once the decision is durable. */
    private void recordSagaOnCommit(PurchaseOrder order) {
        Duration took = Duration.between(order.createdAt, order.updatedAt);
        String outcome = order.status.name();
        String reason = order.rejectionReason == null ? "NONE" : order.rejectionReason.name();
        AfterCommit.run(transactions, () -> Timer.builder("processflow.saga.duration")
                .description("from an order's placement to its decision, by outcome and rejection reason")
                .tags("outcome", outcome, "reason", reason)
                .serviceLevelObjectives(SAGA_BUCKETS)
                .register(registry)
                .record(took));
    }

    /** A decided order's decision event once more, under the id and time it was first announced with. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent<?> decision(PurchaseOrder order, UUID eventId, Instant time) {
        return switch (order.status) {
            case CONFIRMED -> new CloudEvent<>(eventId, Sources.ORDER_SERVICE, EventType.ORDER_CONFIRMED,
                    order.id.toString(), time, confirmation(order));
            case REJECTED -> new CloudEvent<>(eventId, Sources.ORDER_SERVICE, EventType.ORDER_REJECTED,
                    order.id.toString(), time, rejection(order));
            case PENDING -> throw new IllegalStateException("order " + order.id + " is not decided yet");
        };
    }

    private OrderConfirmed confirmation(PurchaseOrder order) {
        return new OrderConfirmed(order.id, order.customer(), rows.lines(order), order.total(), order.updatedAt);
    }

    private static OrderRejected rejection(PurchaseOrder order) {
        return new OrderRejected(order.id, order.customer(), order.rejectionReason, order.rejectionDetail,
                order.updatedAt);
    }

    private static void requirePending(PurchaseOrder order) {
        if (!order.isPending()) {
            throw new IllegalStateException("order " + order.id + " is already " + order.status);
        }
    }
}
