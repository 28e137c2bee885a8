package dev.processflow.order.reconciliation;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.Topics;
import dev.processflow.order.OrderRows;
import dev.processflow.order.OrderTransitions;
import dev.processflow.order.PurchaseOrder;
import dev.processflow.order.Timeline;
import dev.processflow.platform.eventing.Outbox;
import dev.processflow.platform.persistence.TransactionConnection;
import dev.processflow.platform.sweep.Sweep;
import dev.processflow.platform.tracing.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reconciliation of decided orders: when a decision's follow-ups ({@link FollowUpRule}) have not all come back after
 * {@code processflow.reconciliation.follow-up-grace}, the decision is announced again, under its original event id,
 * and checked again after twice the pause, up to {@code max-reannouncements} times. A consumer that applied the
 * decision finds the id in its dedupe log and does nothing; one that never did (its delivery was dead-lettered, a
 * record was lost) applies it now, so payment, inventory and notification converge on order-service's decision. Only
 * order-service knows the decision, so no other service ever settles an order on its own guess: inventory never
 * releases stock of an order that was confirmed.
 */
@ApplicationScoped
public class FollowUps implements Sweep {

    private static final Logger LOG = Logger.getLogger(FollowUps.class);
    private static final int BATCH = 100;

    private final TransactionConnection connections;
    private final OrderRows rows;
    private final OrderTransitions transitions;
    private final Outbox outbox;
    private final Timeline timeline;
    private final MeterRegistry registry;
    private final EventTracing tracing;
    private final Duration grace;
    private final int maxReannouncements;

    public FollowUps(TransactionConnection connections, OrderRows rows, OrderTransitions transitions, Outbox outbox,
            Timeline timeline, MeterRegistry registry, EventTracing tracing,
            @ConfigProperty(name = "processflow.reconciliation.follow-up-grace") Duration grace,
            @ConfigProperty(name = "processflow.reconciliation.max-reannouncements") int maxReannouncements) {
        this.connections = connections;
        this.rows = rows;
        this.transitions = transitions;
        this.outbox = outbox;
        this.timeline = timeline;
        this.registry = registry;
        this.tracing = tracing;
        this.grace = grace;
        this.maxReannouncements = maxReannouncements;
    }

    @Override
    public String name() {
        return "order-follow-ups";
    }

    /** Checks the orders whose check is due; returns how many decisions it announced again. */
    @Override
    @Transactional
    public int sweep() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<PurchaseOrder> due = rows.claimFollowUpsDue(now, BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        Map<UUID, TimelineSummary> summaries = summaries(due.stream().map(order -> order.id).toList());
        List<UUID> settled = new ArrayList<>();
        int reannounced = 0;
        for (PurchaseOrder order : due) {
            TimelineSummary summary = summaries.getOrDefault(order.id, TimelineSummary.EMPTY);
            Set<String> missing = FollowUpRule.missing(order.status, order.paymentOutcome, order.inventoryOutcome,
                    summary.types());
            if (missing.isEmpty()) {
                settled.add(order.id);
            } else if (order.reannouncements >= maxReannouncements || summary.decisionId() == null) {
                tracing.within("follow-ups abandoned", order.trace(), Topics.ORDERS, order.id.toString(),
                        () -> giveUp(order, summary, missing, now));
            } else {
                tracing.within("decision announced again", order.trace(), Topics.ORDERS, order.id.toString(),
                        () -> reannounce(order, summary, missing, now));
                reannounced++;
            }
        }
        rows.settleFollowUps(settled);
        return reannounced;
    }

    private void reannounce(PurchaseOrder order, TimelineSummary summary, Set<String> missing, Instant now) {
        CloudEvent<?> decision = transitions.decision(order, summary.decisionId(), summary.decidedAt());
        outbox.emit(decision);
        order.reannouncements++;
        order.followUpDueAt = now.plus(grace.multipliedBy(1L << Math.min(order.reannouncements, 20)));
        rows.update(order);
        String detail = "reconciliation: " + String.join(", ", missing) + " missing "
                + Duration.between(order.updatedAt, now).toSeconds() + " s after the decision; announced again ("
                + order.reannouncements + " of " + maxReannouncements + ")";
        timeline.note(order.id, decision, now, detail);
        registry.counter("processflow.reconciliation.reannounced", "type", decision.type().typeName()).increment();
        LOG.infof("order %s: %s", order.id, detail);
    }

    /** Nothing more is tried: the timeline says what is missing, a metric and an error line alert an operator. */
    private void giveUp(PurchaseOrder order, TimelineSummary summary, Set<String> missing, Instant now) {
        order.followUpDueAt = null;
        rows.update(order);
        String detail = "reconciliation: " + String.join(", ", missing) + " still missing after "
                + order.reannouncements + " announcements of the decision; left to an operator";
        UUID decisionId = summary.decisionId() != null ? summary.decisionId()
                : UUID.nameUUIDFromBytes(order.id.toString().getBytes(StandardCharsets.UTF_8));
        timeline.note(order.id, transitions.decision(order, decisionId, now), now, detail);
        registry.counter("processflow.reconciliation.abandoned").increment();
        LOG.errorf("order %s: %s", order.id, detail);
    }

    /** What each order's timeline holds: its event types and its decision's first announcement. */
    private record TimelineSummary(Set<String> types, UUID decisionId, Instant decidedAt) {
        static final TimelineSummary EMPTY = new TimelineSummary(Set.of(), null, null);
    }

    private Map<UUID, TimelineSummary> summaries(List<UUID> orderIds) {
        return connections.apply(connection -> {
            Map<UUID, TimelineSummary> summaries = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT t.order_id, array_agg(DISTINCT t.type),
                           (SELECT d.event_id FROM order_timeline d WHERE d.order_id = t.order_id
                              AND d.type IN ('processflow.order.confirmed', 'processflow.order.rejected')
                              AND d.source = '/processflow/order-service' ORDER BY d.at, d.id LIMIT 1),
                           (SELECT d.at FROM order_timeline d WHERE d.order_id = t.order_id
                              AND d.type IN ('processflow.order.confirmed', 'processflow.order.rejected')
                              AND d.source = '/processflow/order-service' ORDER BY d.at, d.id LIMIT 1)
                    FROM order_timeline t WHERE t.order_id = ANY(?) GROUP BY t.order_id""")) {
                select.setArray(1, connection.createArrayOf("uuid", orderIds.toArray()));
                try (ResultSet results = select.executeQuery()) {
                    while (results.next()) {
                        Array types = results.getArray(2);
                        Timestamp decidedAt = results.getTimestamp(4);
                        Instant decided = decidedAt == null ? null : decidedAt.toInstant();
                        summaries.put(results.getObject(1, UUID.class), new TimelineSummary(
                                Set.of((String[]) types.getArray()), results.getObject(3, UUID.class), decided));
                    }
                }
            }
            return summaries;
        });
    }
}
