package dev.processflow.payment.intent;

import dev.processflow.events.Topics;
import dev.processflow.platform.tracing.EventTracing;
import dev.processflow.payment.gateway.AuthorizationRequest;
import dev.processflow.payment.gateway.GatewayUnavailableException;
import dev.processflow.payment.gateway.PaymentGateway;
import dev.processflow.payment.gateway.SettlementRequest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One claimed intent: the provider call, outside any transaction, then its result recorded ({@link AnswerRecorder},
 * together with the answers of other calls that arrive meanwhile). If the recording fails (the database is down,
 * this process dies) the intent stays claimed until its lease ends and the same call, with the same key, is made
 * again: the provider answers what it did the first time.
 */
@ApplicationScoped
public class IntentExecutor {

    private static final Logger LOG = Logger.getLogger(IntentExecutor.class);

    private final PaymentGateway gateway;
    private final AnswerRecorder answers;
    private final ProviderHealth health;
    private final MeterRegistry registry;
    private final EventTracing tracing;

    public IntentExecutor(PaymentGateway gateway, AnswerRecorder answers, ProviderHealth health,
            MeterRegistry registry, EventTracing tracing) {
        this.gateway = gateway;
        this.answers = answers;
        this.health = health;
        this.registry = registry;
        this.tracing = tracing;
    }

    /**
     * In a span of the order's trace (the one the intent kept), so the provider call and the event recording its
     * answer belong to the order's flow.
     */
    public void execute(ClaimedIntent intent) {
        try {
            tracing.within("payment " + intent.action().name().toLowerCase(), intent.trace(), Topics.PAYMENTS,
                    intent.orderId().toString(), () -> carryOut(intent));
        } catch (RuntimeException e) {
            LOG.warnf("recording the provider's answer to %s failed; the call is repeated with the same key once its "
                    + "lease ends: %s", intent.key(), e.getMessage());
        }
    }

    private void carryOut(ClaimedIntent intent) {
        switch (intent.action()) {
            case AUTHORIZE -> answers.record(intent, call(intent, () -> gateway.authorize(
                    new AuthorizationRequest(intent.key(), intent.orderId(), intent.amount(), intent.token()))));
            case CAPTURE -> answers.record(intent, call(intent, () -> gateway.capture(settlement(intent))));
            case VOID -> answers.record(intent, call(intent, () -> gateway.voidAuthorization(settlement(intent))));
        }
    }

    private static SettlementRequest settlement(ClaimedIntent intent) {
        return new SettlementRequest(intent.key(), intent.reference(), intent.amount());
    }

    private <T> CallOutcome<T> call(ClaimedIntent intent, Supplier<T> call) {
        String action = intent.action().name().toLowerCase();
        try {
            T result = call.get();
            health.answered();
            count(action, "answered");
            return new CallOutcome.Answered<>(result);
        } catch (GatewayUnavailableException e) {
            return unavailable(intent, action, e);
        } catch (RuntimeException e) {
            // A broken gateway adapter is treated like an outage of unknown outcome: the intent is never lost.
            LOG.errorf(e, "%s %s failed unexpectedly", action, intent.key());
            return unavailable(intent, action, new GatewayUnavailableException("unexpected failure: " + e,
                    GatewayUnavailableException.Outcome.UNKNOWN, e));
        }
    }

    private <T> CallOutcome<T> unavailable(ClaimedIntent intent, String action, GatewayUnavailableException e) {
        if (e.providerAnswered()) {
            health.answered();
        } else {
            health.failed(e.getMessage());
        }
        count(action, "unavailable");
        LOG.warnf("%s %s (attempt %d) failed: %s", action, intent.key(), intent.attempt(), e.getMessage());
        return new CallOutcome.Unavailable<>(e);
    }

    private void count(String action, String outcome) {
        registry.counter("processflow.payment.provider.calls", "action", action, "outcome", outcome).increment();
    }
}
