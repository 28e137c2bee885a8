package dev.processflow.payment.authorization;

import dev.processflow.payment.Payment;
import dev.processflow.payment.PaymentAction;
import dev.processflow.payment.PaymentRecorder;
import dev.processflow.payment.Timestamps;
import dev.processflow.payment.gateway.AuthorizationRequest;
import dev.processflow.payment.gateway.AuthorizationResult;
import dev.processflow.payment.gateway.AuthorizationResult.Approved;
import dev.processflow.payment.gateway.AuthorizationResult.Declined;
import dev.processflow.payment.gateway.DeclineCodes;
import dev.processflow.payment.gateway.GatewayClient;
import dev.processflow.payment.gateway.GatewayUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One authorization attempt of a PENDING payment, for the order.placed function and the retry worker alike. The
 * outcome is approved, declined, or (gateway still failing after the in-line retries) parked for the retry worker
 * until the attempts run out, then declined with processing_error. Parking instead of waiting keeps the consumer free
 * for other orders.
 */
@ApplicationScoped
public class Authorizer {

    private static final Logger LOG = Logger.getLogger(Authorizer.class);

    private final GatewayClient gateway;
    private final PaymentRecorder recorder;
    private final RetryPolicy policy;

    public Authorizer(GatewayClient gateway, PaymentRecorder recorder,
            @ConfigProperty(name = "processflow.payment.retry.max-attempts") int maxAttempts,
            @ConfigProperty(name = "processflow.payment.retry.initial-delay") Duration initialDelay,
            @ConfigProperty(name = "processflow.payment.retry.max-delay") Duration maxDelay) {
        this.gateway = gateway;
        this.recorder = recorder;
        this.policy = new RetryPolicy(maxAttempts, initialDelay, maxDelay);
    }

    /** The caller holds the payment's row lock, so no other attempt, capture or void runs meanwhile. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void attempt(Payment payment, String token, UUID eventId) {
        int attempt = payment.startAttempt();
        AuthorizationResult result;
        try {
            result = gateway.authorize(new AuthorizationRequest(payment.paymentId, payment.orderId, payment.money(), token));
        } catch (RuntimeException e) {
            if (e instanceof GatewayUnavailableException) {
                LOG.warnf("authorization of order %s failed (attempt %d of %d): %s", payment.orderId, attempt,
                        policy.maxAttempts(), e.getMessage());
            } else {
                // A broken gateway adapter is treated like an outage: the payment still gets decided, never stuck.
                LOG.errorf(e, "authorization of order %s failed unexpectedly (attempt %d of %d)", payment.orderId,
                        attempt, policy.maxAttempts());
            }
            Instant now = Timestamps.now();
            Optional<Instant> next = policy.nextAttempt(attempt, now);
            if (next.isPresent()) {
                payment.awaitRetry(token, next.get(), now);
                recorder.noted(payment.orderId, PaymentAction.RETRY_SCHEDULED, payment.status,
                        "payment gateway unavailable on attempt " + attempt + " of " + policy.maxAttempts()
                                + "; next attempt at " + next.get(), eventId);
                return;
            }
            result = new Declined(DeclineCodes.PROCESSING_ERROR,
                    "the payment gateway could not process the payment in " + attempt + " attempts");
        }
        Instant now = Timestamps.now();
        if (result instanceof Approved approved) {
            payment.authorize(approved.reference(), approved.cardBrand(), approved.last4(), now);
            LOG.debugf("payment %s of order %s authorized", payment.paymentId, payment.orderId);
            recorder.authorized(payment, eventId);
        } else if (result instanceof Declined declined) {
            payment.decline(declined.code(), now);
            LOG.debugf("payment %s of order %s declined: %s", payment.paymentId, payment.orderId, declined.code());
            recorder.declined(payment, declined.detail(), eventId);
        }
    }
}
