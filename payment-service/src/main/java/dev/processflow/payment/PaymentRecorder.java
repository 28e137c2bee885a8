package dev.processflow.payment;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentCaptured;
import dev.processflow.events.payment.PaymentDeclined;
import dev.processflow.events.payment.PaymentVoided;
import dev.processflow.platform.eventing.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Writes down a payment transition that already happened on the payment: its history entry, its event (through the
 * outbox, so it leaves iff the transaction commits) and its metric. {@code eventId} is the order event that caused it,
 * null for the retry worker.
 */
@ApplicationScoped
public class PaymentRecorder {

    private final PaymentRows rows;
    private final Outbox outbox;
    private final MeterRegistry registry;

    public PaymentRecorder(PaymentRows rows, Outbox outbox, MeterRegistry registry) {
        this.rows = rows;
        this.outbox = outbox;
        this.registry = registry;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void authorized(Payment payment, UUID eventId) {
        rows.history(payment.orderId, PaymentAction.AUTHORIZED, payment.status, eventId,
                money(payment.money()) + " authorized on " + payment.cardBrand + " ending " + payment.last4);
        emit(EventType.PAYMENT_AUTHORIZED, payment, new PaymentAuthorized(payment.orderId, payment.paymentId,
                payment.money(), payment.cardBrand, payment.last4));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void declined(Payment payment, String detail, UUID eventId) {
        rows.history(payment.orderId, PaymentAction.DECLINED, payment.status, eventId,
                payment.declineCode + (detail == null ? "" : ": " + detail));
        emit(EventType.PAYMENT_DECLINED, payment, new PaymentDeclined(payment.orderId, payment.declineCode, detail));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void captured(Payment payment, UUID eventId) {
        rows.history(payment.orderId, PaymentAction.CAPTURED, payment.status, eventId,
                money(payment.money()) + " captured");
        emit(EventType.PAYMENT_CAPTURED, payment, new PaymentCaptured(payment.orderId, payment.paymentId, payment.money()));
    }

    /** An authorization was voided at the gateway: the one kind of void that is announced. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void voided(Payment payment, String detail, UUID eventId) {
        rows.history(payment.orderId, PaymentAction.VOIDED, payment.status, eventId,
                money(payment.money()) + " voided: " + detail);
        emit(EventType.PAYMENT_VOIDED, payment, new PaymentVoided(payment.orderId, payment.paymentId, payment.money()));
    }

    /** A change with nothing to announce (no authorization existed) or no change at all: history only. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void noted(UUID orderId, PaymentAction action, PaymentStatus status, String detail, UUID eventId) {
        rows.history(orderId, action, status, eventId, detail);
        registry.counter("processflow.payment.transitions", "action", action.name().toLowerCase()).increment();
    }

    private <T> void emit(EventType type, Payment payment, T data) {
        outbox.emit(CloudEvent.create(Sources.PAYMENT_SERVICE, type, payment.orderId.toString(), data));
        registry.counter("processflow.payment.transitions", "action", payment.status.name().toLowerCase()).increment();
    }

    private static String money(Money money) {
        return money.amount() + " " + money.currency();
    }
}
