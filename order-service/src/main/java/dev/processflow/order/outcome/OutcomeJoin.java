package dev.processflow.order.outcome;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.inventory.InventoryCommitted;
import dev.processflow.events.inventory.InventoryRejected;
import dev.processflow.events.inventory.InventoryReleased;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.inventory.UnavailableLine;
import dev.processflow.events.notification.NotificationSent;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentCaptured;
import dev.processflow.events.payment.PaymentDeclined;
import dev.processflow.events.payment.PaymentVoided;
import dev.processflow.order.OrderRows;
import dev.processflow.order.OrderTransitions;
import dev.processflow.order.PurchaseOrder;
import dev.processflow.order.PurchaseOrder.InventoryOutcome;
import dev.processflow.order.PurchaseOrder.PaymentOutcome;
import dev.processflow.order.Timeline;
import dev.processflow.platform.eventing.ProcessedEvents;
import dev.processflow.platform.persistence.TransactionMaps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Joins the payment and inventory outcomes of an order, in whatever order and however often they arrive, and records
 * every event about the order in its timeline. An outcome arriving after the order was decided changes nothing: the
 * decision's own event already made payment and inventory compensate.
 */
@ApplicationScoped
public class OutcomeJoin {

    private static final Logger LOG = Logger.getLogger(OutcomeJoin.class);
    /** Key of the transaction's resource holding the orders its poll locked, by id. */
    private static final Object LOCKED_ORDERS = OutcomeJoin.class.getName() + ".lockedOrders";

    private final ProcessedEvents processedEvents;
    private final OrderRows rows;
    private final OrderTransitions transitions;
    private final Timeline timeline;
    private final TransactionSynchronizationRegistry transactions;

    public OutcomeJoin(ProcessedEvents processedEvents, OrderRows rows, OrderTransitions transitions,
            Timeline timeline, TransactionSynchronizationRegistry transactions) {
        this.processedEvents = processedEvents;
        this.rows = rows;
        this.transitions = transitions;
        this.timeline = timeline;
        this.transactions = transactions;
    }

    /**
     * Locks, in id order and in one statement, every order a poll's events are about, and keeps them with the
     * transaction: each event then finds its order already locked, and two polls applying events of the same orders
     * never wait on each other in a cycle. Events that are no outcome are left to {@link #apply}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockOrdersOf(List<CloudEvent<?>> events) {
        Set<UUID> ids = new HashSet<>();
        for (CloudEvent<?> event : events) {
            try {
                ids.add(orderId(event));
            } catch (MalformedEventException e) {
                // dead-lettered by apply, with its reason
            }
        }
        if (!ids.isEmpty()) {
            lockedOrders().putAll(byId(rows.lock(ids)));
        }
    }

    @Transactional
    public void apply(CloudEvent<?> event) {
        UUID orderId = orderId(event);
        if (!processedEvents.firstDelivery(event)) {
            return;
        }
        PurchaseOrder order = lockedOrder(orderId);
        if (order == null) {
            throw new MalformedEventException(event.type().typeName() + " refers to unknown order " + orderId);
        }
        timeline.record(orderId, event, describe(event.data()));
        Object data = event.data();
        boolean outcomeLearned = true;
        if (data instanceof PaymentAuthorized && order.paymentOutcome == null) {
            order.paymentOutcome = PaymentOutcome.AUTHORIZED;
        } else if (data instanceof PaymentDeclined && order.paymentOutcome == null) {
            order.paymentOutcome = PaymentOutcome.DECLINED;
        } else if (data instanceof InventoryReserved && order.inventoryOutcome == null) {
            order.inventoryOutcome = InventoryOutcome.RESERVED;
        } else if (data instanceof InventoryRejected && order.inventoryOutcome == null) {
            order.inventoryOutcome = InventoryOutcome.REJECTED;
        } else {
            outcomeLearned = false;
        }
        SagaJoin.Verdict verdict = order.isPending() ? SagaJoin.verdict(order) : SagaJoin.Verdict.WAIT;
        switch (verdict) {
            case CONFIRM -> transitions.confirm(order);
            case REJECT_PAYMENT_DECLINED -> transitions.reject(order, RejectionReason.PAYMENT_DECLINED,
                    ((PaymentDeclined) data).declineCode() + detailSuffix(((PaymentDeclined) data).detail()));
            case REJECT_OUT_OF_STOCK -> transitions.reject(order, RejectionReason.OUT_OF_STOCK,
                    describeUnavailable(((InventoryRejected) data).unavailable()));
            case WAIT -> {
                if (outcomeLearned) {
                    rows.update(order);
                }
                if (!order.isPending()) {
                    LOG.debugf("order %s is already %s; %s only joins its timeline", orderId, order.status,
                            event.type().typeName());
                }
            }
        }
    }

    /** The order as this transaction locked it; locked now if its poll did not (an event delivered on its own). */
    private PurchaseOrder lockedOrder(UUID orderId) {
        Map<UUID, PurchaseOrder> locked = lockedOrders();
        if (!locked.containsKey(orderId)) {
            locked.putAll(byId(rows.lock(List.of(orderId))));
        }
        return locked.get(orderId);
    }

    private Map<UUID, PurchaseOrder> lockedOrders() {
        return TransactionMaps.of(transactions, LOCKED_ORDERS);
    }

    private static Map<UUID, PurchaseOrder> byId(List<PurchaseOrder> orders) {
        Map<UUID, PurchaseOrder> byId = new HashMap<>();
        orders.forEach(order -> byId.put(order.id, order));
        return byId;
    }

    private static UUID orderId(CloudEvent<?> event) {
        Object data = event.data();
        if (data instanceof PaymentAuthorized e) {
            return e.orderId();
        } else if (data instanceof PaymentDeclined e) {
            return e.orderId();
        } else if (data instanceof PaymentCaptured e) {
            return e.orderId();
        } else if (data instanceof PaymentVoided e) {
            return e.orderId();
        } else if (data instanceof InventoryReserved e) {
            return e.orderId();
        } else if (data instanceof InventoryRejected e) {
            return e.orderId();
        } else if (data instanceof InventoryCommitted e) {
            return e.orderId();
        } else if (data instanceof InventoryReleased e) {
            return e.orderId();
        } else if (data instanceof NotificationSent e) {
            return e.orderId();
        }
        throw new MalformedEventException(event.type().typeName() + " is not an outcome order-service joins");
    }

    static String describe(Object data) {
        if (data instanceof PaymentAuthorized e) {
            return money(e.amount()) + " authorized" + (e.cardBrand() == null ? "" : " on " + e.cardBrand())
                    + (e.last4() == null ? "" : " ending " + e.last4());
        } else if (data instanceof PaymentDeclined e) {
            return e.declineCode() + detailSuffix(e.detail());
        } else if (data instanceof PaymentCaptured e) {
            return money(e.amount()) + " captured";
        } else if (data instanceof PaymentVoided e) {
            return money(e.amount()) + " voided";
        } else if (data instanceof InventoryReserved e) {
            return "reserved " + describeLines(e.lines());
        } else if (data instanceof InventoryRejected e) {
            return describeUnavailable(e.unavailable());
        } else if (data instanceof InventoryCommitted e) {
            return "committed " + describeLines(e.lines());
        } else if (data instanceof InventoryReleased e) {
            return "released " + describeLines(e.lines());
        } else if (data instanceof NotificationSent e) {
            return e.kind() + " email sent";
        }
        return null;
    }

    private static String money(dev.processflow.events.Money money) {
        return money.amount() + " " + money.currency();
    }

    private static String detailSuffix(String detail) {
        return detail == null || detail.isBlank() ? "" : ": " + detail;
    }

    private static String describeLines(List<StockLine> lines) {
        return lines.stream().map(l -> l.quantity() + " x " + l.sku()).collect(Collectors.joining(", "));
    }

    private static String describeUnavailable(List<UnavailableLine> unavailable) {
        return unavailable.stream()
                .map(u -> u.sku() + ": requested " + u.requested() + ", available " + u.available())
                .collect(Collectors.joining("; "));
    }
}
