package dev.processflow.payment;

import dev.processflow.events.Limits;
import dev.processflow.events.Money;
import dev.processflow.platform.persistence.BoundedText;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The payment of one order. Its methods are the only transitions there are; each refuses to start from the wrong
 * status, so a bug cannot, say, capture a voided payment. Callers hold the row lock.
 */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase {

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "payment_id")
    public UUID paymentId;

    @Enumerated(EnumType.STRING)
    public PaymentStatus status;

    public Long amount;

    @Column(columnDefinition = "bpchar")
    public String currency;

    /** The subject of the order's customer: who may read this payment besides an admin. */
    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "card_brand")
    public String cardBrand;

    public String last4;

    @Column(name = "decline_code")
    public String declineCode;

    @Column(name = "gateway_reference")
    public String gatewayReference;

    /** What order-service decided, as learned from order.confirmed or order.rejected; null while undecided. */
    @Enumerated(EnumType.STRING)
    @Column(name = "order_decision")
    public OrderDecision orderDecision;

    /** Why, for people: "order rejected (OUT_OF_STOCK)". */
    @Column(name = "decision_detail")
    public String decisionDetail;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** A payment whose authorization is about to be attempted. */
    public static Payment open(UUID orderId, Money amount, Instant now) {
        Payment payment = create(orderId, PaymentStatus.PENDING, now);
        payment.amount = amount.amount();
        payment.currency = amount.currency();
        return payment;
    }

    /** The order was rejected before it was placed here: nothing was authorized and nothing ever will be. */
    public static Payment voidedBeforePlacement(UUID orderId, Instant now) {
        return create(orderId, PaymentStatus.VOIDED, now);
    }

    private static Payment create(UUID orderId, PaymentStatus status, Instant now) {
        Payment payment = new Payment();
        payment.orderId = orderId;
        payment.paymentId = UUID.randomUUID();
        payment.status = status;
        payment.createdAt = now;
        payment.updatedAt = now;
        return payment;
    }

    public Money money() {
        return amount == null ? null : new Money(amount, currency);
    }

    public void authorize(String reference, String brand, String lastFour, Instant now) {
        require(PaymentStatus.PENDING);
        gatewayReference = reference;
        // What the gateway says is stored and announced as far as the columns and the contract allow.
        cardBrand = BoundedText.fit(brand, Limits.CARD_BRAND);
        last4 = BoundedText.fit(lastFour, Limits.LAST4);
        settle(PaymentStatus.AUTHORIZED, now);
    }

    public void decline(String code, Instant now) {
        require(PaymentStatus.PENDING);
        declineCode = BoundedText.fit(code, Limits.DECLINE_CODE);
        settle(PaymentStatus.DECLINED, now);
    }

    public void capture(Instant now) {
        require(PaymentStatus.AUTHORIZED);
        settle(PaymentStatus.CAPTURED, now);
    }

    public void voidAuthorization(Instant now) {
        require(PaymentStatus.AUTHORIZED);
        settle(PaymentStatus.VOIDED, now);
    }

    /** The order was rejected before anything could be authorized: give up the authorization, nothing is held. */
    public void abandon(Instant now) {
        require(PaymentStatus.PENDING);
        settle(PaymentStatus.VOIDED, now);
    }

    /** Every order event names the order's customer; the first one seen makes them this payment's owner. */
    public void ownedBy(String customerSubject) {
        if (customerId == null) {
            customerId = customerSubject;
        }
    }

    /** A late order.placed tells a payment voided before placement what the order was worth. */
    public void learnAmount(Money total, Instant now) {
        if (amount == null) {
            amount = total.amount();
            currency = total.currency();
            updatedAt = now;
        }
    }

    /**
     * Records the order's decision; the first one stands. Returns false if this one contradicts it, which a correct
     * order-service never does.
     */
    public boolean learnDecision(OrderDecision decision, String detail, Instant now) {
        if (orderDecision != null) {
            return orderDecision == decision;
        }
        orderDecision = decision;
        decisionDetail = detail;
        updatedAt = now;
        return true;
    }

    private void settle(PaymentStatus next, Instant now) {
        status = next;
        updatedAt = now;
    }

    private void require(PaymentStatus expected) {
        if (status != expected) {
            throw new IllegalStateException("payment of order " + orderId + " is " + status + ", not " + expected);
        }
    }
}
