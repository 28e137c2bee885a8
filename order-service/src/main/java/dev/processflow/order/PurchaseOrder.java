package dev.processflow.order;

import dev.processflow.events.Money;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderLine;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.platform.persistence.BoundedText;
import dev.processflow.platform.tracing.TraceContext;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An order and its saga state. It is PENDING until both the payment and the inventory outcome arrived, or until its
 * deadline; every transition happens under a row lock, so concurrent outcomes and timeout sweeps cannot both win.
 */
@Entity
@Table(name = "orders")
public class PurchaseOrder extends PanacheEntityBase {

    /** Column widths of the free text an order keeps; see {@link BoundedText}. */
    public static final int MAX_REJECTION_DETAIL = 1000;
    public static final int MAX_CUSTOMER_NAME = 200;

    public enum PaymentOutcome { AUTHORIZED, DECLINED }

    public enum InventoryOutcome { RESERVED, REJECTED }

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "rejection_reason")
    public RejectionReason rejectionReason;

    @Column(name = "rejection_detail")
    public String rejectionDetail;

    /** The subject of the customer's sign-in token: who may read this order besides an admin. */
    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "customer_email")
    public String customerEmail;

    @Column(name = "customer_name")
    public String customerName;

    @Column(name = "total_amount")
    public long totalAmount;

    @Column(columnDefinition = "bpchar")
    public String currency;

    @Enumerated(EnumType.STRING)
    @Column(name = "payment_outcome")
    public PaymentOutcome paymentOutcome;

    @Enumerated(EnumType.STRING)
    @Column(name = "inventory_outcome")
    public InventoryOutcome inventoryOutcome;

    @Column(name = "deadline_at")
    public Instant deadlineAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When the decision's follow-ups are checked next; null while PENDING and once nothing is missing. */
    @Column(name = "follow_up_due_at")
    public Instant followUpDueAt;

    /** How often the decision was announced again because follow-ups were missing. */
    public int reannouncements;

    /** The W3C trace context of the request that placed the order; null when tracing was off. */
    @Column(name = "trace_parent")
    public String traceParent;

    @Column(name = "trace_state")
    public String traceState;

    /** Written with the order at its placement, never changed afterwards. */
    @OneToMany(mappedBy = "order")
    @OrderBy("lineNo")
    public List<OrderItem> items = new ArrayList<>();

    public Customer customer() {
        return new Customer(customerId, customerEmail, customerName);
    }

    public Money total() {
        return new Money(totalAmount, currency);
    }

    public List<OrderLine> lines() {
        return items.stream().map(item -> new OrderLine(item.sku, item.quantity, new Money(item.unitPriceAmount, currency))).toList();
    }

    /** The trace the order's flow belongs to, if it was placed while tracing was on. */
    public Optional<TraceContext> trace() {
        return TraceContext.parse(traceParent, traceState);
    }

    public boolean isPending() {
        return status == OrderStatus.PENDING;
    }
}
