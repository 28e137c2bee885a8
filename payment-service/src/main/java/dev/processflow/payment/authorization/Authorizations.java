package dev.processflow.payment.authorization;

import dev.processflow.payment.OrderDecision;
import dev.processflow.payment.Payment;
import dev.processflow.payment.PaymentAction;
import dev.processflow.payment.PaymentRecorder;
import dev.processflow.payment.PaymentRows;
import dev.processflow.payment.Timestamps;
import dev.processflow.payment.gateway.AuthorizationResult;
import dev.processflow.payment.gateway.AuthorizationResult.Approved;
import dev.processflow.payment.gateway.AuthorizationResult.Declined;
import dev.processflow.payment.gateway.DeclineCodes;
import dev.processflow.payment.gateway.GatewayUnavailableException;
import dev.processflow.payment.intent.Backoff;
import dev.processflow.payment.intent.CallOutcome;
import dev.processflow.payment.intent.ClaimedIntent;
import dev.processflow.payment.intent.IntentAction;
import dev.processflow.payment.intent.Intents;
import dev.processflow.payment.intent.PaymentIntent;
import dev.processflow.payment.intent.RetryWindow;
import dev.processflow.payment.settlement.Settlements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records the answer to one authorization call. Approved or declined decide the payment. While nothing can be held
 * (no call applied, as far as the provider's answers prove), a failure is retried within the attempt budget and then
 * declined with processing_error, in time for the saga. Once a call may have been applied (a timeout) the doubt
 * stays until the provider answers for the key: no decline while the provider may hold the amount, but the same
 * request, same key, repeated until it answers; by then the order has usually timed out, so an approval found late is
 * voided at once.
 */
@ApplicationScoped
public class Authorizations {

    private static final Logger LOG = Logger.getLogger(Authorizations.class);

    private final PaymentRows payments;
    private final Intents intents;
    private final Settlements settlements;
    private final PaymentRecorder recorder;
    private final RetryWindow window;
    private final RetryPolicy policy;

    public Authorizations(PaymentRows payments, Intents intents, Settlements settlements, PaymentRecorder recorder,
            RetryWindow window,
            @ConfigProperty(name = "processflow.payment.authorization.max-attempts") int maxAttempts,
            @ConfigProperty(name = "processflow.payment.authorization.initial-delay") Duration initialDelay,
            @ConfigProperty(name = "processflow.payment.authorization.max-delay") Duration maxDelay) {
        this.payments = payments;
        this.intents = intents;
        this.settlements = settlements;
        this.recorder = recorder;
        this.window = window;
        this.policy = new RetryPolicy(maxAttempts, new Backoff(initialDelay, maxDelay));
    }

    public int maxAttempts() {
        return policy.maxAttempts();
    }

    @Transactional
    public void record(ClaimedIntent claimed, CallOutcome<AuthorizationResult> outcome) {
        Payment payment = payments.lock(claimed.orderId());
        Optional<PaymentIntent> locked = intents.lock(claimed.orderId(), IntentAction.AUTHORIZE);
        if (locked.isEmpty() || !locked.get().stillClaimedBy(claimed)) {
            LOG.debugf("answer to %s dropped: a later claim or a closed intent supersedes it", claimed);
            return;
        }
        PaymentIntent intent = locked.get();
        Instant now = Timestamps.now();
        if (outcome instanceof CallOutcome.Answered<AuthorizationResult> answered) {
            intent.complete(now);
            if (answered.result() instanceof Approved approved) {
                payment.authorize(approved.reference(), approved.cardBrand(), approved.last4(), now);
                recorder.authorized(payment, null);
                settlements.openFor(payment, now);
            } else {
                Declined declined = (Declined) answered.result();
                payment.decline(declined.code(), now);
                recorder.declined(payment, declined.detail(), null);
            }
        } else {
            failed(payment, intent, claimed, ((CallOutcome.Unavailable<AuthorizationResult>) outcome).failure(), now);
        }
        intents.save(intent);
        payments.update(payment);
    }

    private void failed(Payment payment, PaymentIntent intent, ClaimedIntent claimed, GatewayUnavailableException failure,
            Instant now) {
        int attempt = claimed.attempt();
        boolean unknown = switch (failure.outcome()) {
            case NOTHING_HELD -> false;
            case UNKNOWN -> true;
            case NOT_APPLIED -> claimed.inDoubtBefore();
        };
        if (!unknown && payment.orderDecision == OrderDecision.REJECTED) {
            intent.cancel(now);
            payment.abandon(now);
            recorder.noted(payment.orderId, PaymentAction.VOIDED, payment.status, payment.decisionDetail
                    + " while its authorization could not be made; nothing was authorized and it will not be attempted again",
                    null);
            return;
        }
        Optional<Instant> next = policy.nextAttempt(attempt, now);
        if (next.isPresent()) {
            intent.retryAt(next.get(), failure.getMessage(), unknown, now);
            recorder.noted(payment.orderId, PaymentAction.RETRY_SCHEDULED, payment.status,
                    "payment provider unavailable on attempt " + attempt + " of " + policy.maxAttempts() + " ("
                            + failure.getMessage() + "); next attempt at " + next.get(), null);
            return;
        }
        if (!unknown) {
            intent.complete(now);
            payment.decline(DeclineCodes.PROCESSING_ERROR, now);
            recorder.declined(payment, "the payment provider could not process the payment in " + attempt + " attempts",
                    null);
            return;
        }
        Optional<Instant> resolve = window.next(attempt - policy.maxAttempts() + 1, intent.retrySince, now);
        if (resolve.isEmpty()) {
            intent.giveUp(failure.getMessage(), now);
            LOG.errorf("the outcome of authorization %s is still unknown after %s of retries; reconciliation will ask "
                    + "again", intent.id, window.retryFor());
            return;
        }
        intent.retryAt(resolve.get(), failure.getMessage(), true, now);
        if (attempt == policy.maxAttempts()) {
            recorder.noted(payment.orderId, PaymentAction.RETRY_SCHEDULED, payment.status, "outcome unknown after "
                    + attempt + " attempts (" + failure.getMessage() + "); the provider may hold the amount, so the same "
                    + "request is repeated with the same key until it answers", null);
        }
    }
}
