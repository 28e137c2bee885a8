package dev.processflow.payment.api;

import dev.processflow.events.Money;
import dev.processflow.payment.Payment;
import dev.processflow.payment.PaymentAction;
import dev.processflow.payment.PaymentHistoryEntry;
import dev.processflow.payment.PaymentStatus;
import dev.processflow.payment.intent.IntentAction;
import dev.processflow.payment.intent.IntentStatus;
import dev.processflow.payment.intent.PaymentIntent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A payment as the REST API shows it; the payment token is deliberately not part of it. {@code pending} lists what
 * still waits for the payment provider (an authorization being retried, a parked capture or void).
 */
public record PaymentView(UUID orderId, UUID paymentId, PaymentStatus status, Money amount, String cardBrand,
        String last4, String declineCode, List<Pending> pending, List<Step> history) {

    /** {@code status} is the payment's status after this step. */
    public record Step(PaymentAction action, PaymentStatus status, Instant at, String detail) {
    }

    /** An effect not yet done: OPEN (due at {@code nextAttemptAt}) or GAVE_UP (left to reconciliation). */
    public record Pending(IntentAction action, IntentStatus status, int attempts, Instant nextAttemptAt,
            String lastError) {
    }

    public static PaymentView of(Payment payment, List<PaymentIntent> pending, List<PaymentHistoryEntry> history) {
        return new PaymentView(payment.orderId, payment.paymentId, payment.status, payment.money(), payment.cardBrand,
                payment.last4, payment.declineCode,
                pending.stream().map(i -> new Pending(i.action, i.status, i.attempts, i.nextAttemptAt, i.lastError)).toList(),
                history.stream().map(h -> new Step(h.action, h.status, h.at, h.detail)).toList());
    }
}
