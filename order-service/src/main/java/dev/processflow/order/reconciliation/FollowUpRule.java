package dev.processflow.order.reconciliation;

import dev.processflow.events.EventType;
import dev.processflow.order.OrderStatus;
import dev.processflow.order.PurchaseOrder.InventoryOutcome;
import dev.processflow.order.PurchaseOrder.PaymentOutcome;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a decision must lead to, free of I/O. A confirmed order: its payment captured, its stock committed, its e-mail
 * sent. A rejected one: its e-mail sent, an authorization (if payment reported one) voided, a reservation (if
 * inventory reported one) released; a declined payment or a refused reservation leaves nothing to undo.
 */
public final class FollowUpRule {

    private FollowUpRule() {
    }

    public static Set<EventType> expected(OrderStatus status, PaymentOutcome payment, InventoryOutcome inventory) {
        Set<EventType> expected = EnumSet.of(EventType.NOTIFICATION_SENT);
        switch (status) {
            case CONFIRMED -> {
                expected.add(EventType.PAYMENT_CAPTURED);
                expected.add(EventType.INVENTORY_COMMITTED);
            }
            case REJECTED -> {
                if (payment == PaymentOutcome.AUTHORIZED) {
                    expected.add(EventType.PAYMENT_VOIDED);
                }
                if (inventory == InventoryOutcome.RESERVED) {
                    expected.add(EventType.INVENTORY_RELEASED);
                }
            }
            case PENDING -> throw new IllegalArgumentException("a pending order has no follow-ups yet");
        }
        return expected;
    }

    /** The expected follow-ups not among the event types the order's timeline holds, by type name, sorted. */
    public static Set<String> missing(OrderStatus status, PaymentOutcome payment, InventoryOutcome inventory,
            Collection<String> seenTypes) {
        return expected(status, payment, inventory).stream()
                .map(EventType::typeName)
                .filter(type -> !seenTypes.contains(type))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
