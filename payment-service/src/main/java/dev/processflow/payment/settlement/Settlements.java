package dev.processflow.payment.settlement;

import dev.processflow.payment.OrderDecision;
import dev.processflow.payment.Payment;
import dev.processflow.payment.PaymentAction;
import dev.processflow.payment.PaymentRecorder;
import dev.processflow.payment.PaymentRows;
import dev.processflow.payment.PaymentStatus;
import dev.processflow.payment.Timestamps;
import dev.processflow.payment.gateway.GatewayUnavailableException;
import dev.processflow.payment.gateway.SettlementResult;
import dev.processflow.payment.intent.CallOutcome;
import dev.processflow.payment.intent.ClaimedIntent;
import dev.processflow.payment.intent.IntentAction;
import dev.processflow.payment.intent.Intents;
import dev.processflow.payment.intent.PaymentIntent;
import dev.processflow.payment.intent.RetryWindow;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Captures and voids: opened once an authorized payment's order is decided, recorded when the provider answers.
 * Never given up while the provider is unreachable: retried within {@link RetryWindow} (hours), then given up with
 * an error and a metric and left to reconciliation; the gauges of {@link SettlementBacklog} show what waits.
 */
@ApplicationScoped
public class Settlements {

    private static final Logger LOG = Logger.getLogger(Settlements.class);

    private final PaymentRows payments;
    private final Intents intents;
    private final PaymentRecorder recorder;
    private final RetryWindow window;
    private final MeterRegistry registry;

    public Settlements(PaymentRows payments, Intents intents, PaymentRecorder recorder, RetryWindow window,
            MeterRegistry registry) {
        this.payments = payments;
        this.intents = intents;
        this.recorder = recorder;
        this.window = window;
        this.registry = registry;
    }

    /**
     * Opens the capture or void an AUTHORIZED payment's known decision needs, unless it is open or done already;
     * returns what it opened. The caller holds the payment's row lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<IntentAction> openFor(Payment payment, Instant now) {
        if (payment.status != PaymentStatus.AUTHORIZED || payment.orderDecision == null) {
            return Optional.empty();
        }
        IntentAction action = payment.orderDecision == OrderDecision.CONFIRMED ? IntentAction.CAPTURE : IntentAction.VOID;
        return intents.open(payment, action, null, now) ? Optional.of(action) : Optional.empty();
    }

    @Transactional
    public void record(ClaimedIntent claimed, CallOutcome<SettlementResult> outcome) {
        Payment payment = payments.lock(claimed.orderId());
        Optional<PaymentIntent> locked = intents.lock(claimed.orderId(), claimed.action());
        if (locked.isEmpty() || !locked.get().stillClaimedBy(claimed)) {
            LOG.debugf("answer to %s dropped: a later claim or a closed intent supersedes it", claimed);
            return;
        }
        PaymentIntent intent = locked.get();
        apply(payment, intent, claimed, outcome, Timestamps.now());
        intents.save(intent);
        payments.update(payment);
    }

    private void apply(Payment payment, PaymentIntent intent, ClaimedIntent claimed,
            CallOutcome<SettlementResult> outcome, Instant now) {
        String action = claimed.action() == IntentAction.CAPTURE ? "capture" : "void";
        if (outcome instanceof CallOutcome.Answered<SettlementResult> answered) {
            if (answered.result() instanceof SettlementResult.Settled settled) {
                intent.complete(now);
                settled(payment, claimed.action(), settled.detail(), now);
            } else {
                SettlementResult.Refused refused = (SettlementResult.Refused) answered.result();
                String reason = refused.code() + (refused.detail() == null ? "" : ": " + refused.detail());
                intent.refuse(reason, now);
                failed(payment, action, "refused", "the payment provider refused the " + action + " (" + reason
                        + "); it will not be retried and needs an operator");
            }
            return;
        }
        GatewayUnavailableException failure = ((CallOutcome.Unavailable<SettlementResult>) outcome).failure();
        Optional<Instant> next = window.next(claimed.attempt(), intent.retrySince, now);
        if (next.isEmpty()) {
            intent.giveUp(failure.getMessage(), now);
            failed(payment, action, "gave_up", "the payment provider stayed unavailable for " + window.retryFor()
                    + " (" + failure.getMessage() + "); the " + action + " is parked until reconciliation retries it");
            return;
        }
        intent.retryAt(next.get(), failure.getMessage(), failure.outcome() == GatewayUnavailableException.Outcome.UNKNOWN,
                now);
        if (claimed.attempt() == 1) {
            recorder.noted(payment.orderId, PaymentAction.RETRY_SCHEDULED, payment.status, "the " + action
                    + " waits for the payment provider (" + failure.getMessage() + "); retried with backoff", null);
        }
    }

    private void settled(Payment payment, IntentAction action, String detail, Instant now) {
        if (action == IntentAction.CAPTURE) {
            payment.capture(now);
            recorder.captured(payment, null);
        } else {
            payment.voidAuthorization(now);
            recorder.voided(payment, payment.decisionDetail + (detail == null ? "" : "; " + detail), null);
        }
    }

    private void failed(Payment payment, String action, String reason, String detail) {
        LOG.errorf("%s of order %s failed: %s", action, payment.orderId, detail);
        registry.counter("processflow.payment.settlements.failed", "action", action, "reason", reason).increment();
        recorder.noted(payment.orderId, PaymentAction.SETTLEMENT_FAILED, payment.status, detail, null);
    }
}
