package dev.processflow.payment.api;

import dev.processflow.events.Money;
import dev.processflow.payment.Payment;
import dev.processflow.payment.PaymentAction;
import dev.processflow.payment.PaymentHistoryEntry;
import dev.processflow.payment.PaymentStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A payment as the REST API shows it; the payment token is deliberately not part of it. */
public record PaymentView(UUID orderId, UUID paymentId, PaymentStatus status, Money amount, String cardBrand,
        String last4, String declineCode, List<Step> history) {

    /** {@code status} is the payment's status after this step. */
    public record Step(PaymentAction action, PaymentStatus status, Instant at, String detail) {
    }

    public static PaymentView of(Payment payment, List<PaymentHistoryEntry> history) {
        return new PaymentView(payment.orderId, payment.paymentId, payment.status, payment.money(), payment.cardBrand,
                payment.last4, payment.declineCode,
                history.stream().map(h -> new Step(h.action, h.status, h.at, h.detail)).toList());
    }
}
