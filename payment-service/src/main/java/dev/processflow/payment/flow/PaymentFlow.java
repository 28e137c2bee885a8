package dev.processflow.payment.flow;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.payment.OrderDecision;
import dev.processflow.payment.Payment;
import dev.processflow.payment.PaymentAction;
import dev.processflow.payment.PaymentLifecycle;
import dev.processflow.payment.PaymentLifecycle.Decision;
import dev.processflow.payment.PaymentRecorder;
import dev.processflow.payment.PaymentRows;
import dev.processflow.payment.PaymentStatus;
import dev.processflow.payment.Timestamps;
import dev.processflow.payment.intent.IntentAction;
import dev.processflow.payment.intent.Intents;
import dev.processflow.payment.intent.PaymentIntent;
import dev.processflow.payment.settlement.Settlements;
import dev.processflow.platform.eventing.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The payment function: order.placed opens the authorization, order.confirmed the capture, order.rejected the void,
 * each as a durable intent that the intent runner carries out after the commit. The function itself only touches the
 * database, so it joins a caller's transaction (a batch of events) or runs in its own. Each event is handled once
 * (dedupe log in the same transaction) under the payment's row lock, following {@link PaymentLifecycle}.
 */
@ApplicationScoped
public class PaymentFlow {

    private static final Logger LOG = Logger.getLogger(PaymentFlow.class);

    private final ProcessedEvents processedEvents;
    private final PaymentRows payments;
    private final Intents intents;
    private final Settlements settlements;
    private final PaymentRecorder recorder;

    public PaymentFlow(ProcessedEvents processedEvents, PaymentRows payments, Intents intents, Settlements settlements,
            PaymentRecorder recorder) {
        this.processedEvents = processedEvents;
        this.payments = payments;
        this.intents = intents;
        this.settlements = settlements;
        this.recorder = recorder;
    }

    @Transactional
    public void apply(CloudEvent<?> event) {
        UUID orderId = orderId(event);
        if (!event.subject().equals(orderId.toString())) {
            throw new MalformedEventException(event.type().typeName() + " has subject " + event.subject()
                    + " but is about order " + orderId);
        }
        if (!processedEvents.firstDelivery(event)) {
            LOG.debugf("%s %s already handled", event.type().typeName(), event.id());
            return;
        }
        Payment payment = payments.lock(orderId);
        Object data = event.data();
        String customerId = customer(event).id();
        Instant now = Timestamps.now();
        if (data instanceof OrderPlaced placed) {
            placed(payment, placed, customerId, event.id(), now);
        } else if (data instanceof OrderConfirmed) {
            confirmed(orderId, payment, event.id(), now);
        } else {
            rejected(orderId, payment, (OrderRejected) data, customerId, event.id(), now);
        }
        if (payment != null) {
            payment.ownedBy(customerId);
            payments.update(payment);
        }
    }

    private void placed(Payment payment, OrderPlaced placed, String customerId, UUID eventId, Instant now) {
        Decision decision = PaymentLifecycle.onPlaced(status(payment));
        if (decision.step() == PaymentLifecycle.Step.AUTHORIZE) {
            Payment opened = Payment.open(placed.orderId(), placed.total(), now);
            opened.ownedBy(customerId);
            // The row exists before its intent: an event of this order delivered concurrently (HTTP push) waits for
            // its lock and then sees a pending authorization, instead of deciding as if there were no payment.
            payments.insert(opened);
            intents.open(opened, IntentAction.AUTHORIZE, placed.paymentToken(), now);
            return;
        }
        payment.learnAmount(placed.total(), now);
        ignore(payment.orderId, payment, decision, eventId);
    }

    private void confirmed(UUID orderId, Payment payment, UUID eventId, Instant now) {
        if (payment != null && !payment.learnDecision(OrderDecision.CONFIRMED, "order confirmed", now)) {
            ignore(orderId, payment, Decision.anomaly("order confirmed after it was rejected; the first decision stands"),
                    eventId);
            return;
        }
        Decision decision = PaymentLifecycle.onConfirmed(status(payment));
        if (decision.step() == PaymentLifecycle.Step.CAPTURE) {
            settlements.openFor(payment, now);
            return;
        }
        ignore(orderId, payment, decision, eventId);
    }

    private void rejected(UUID orderId, Payment payment, OrderRejected rejected, String customerId, UUID eventId,
            Instant now) {
        String why = "order rejected (" + rejected.reason() + ")";
        if (payment != null && !payment.learnDecision(OrderDecision.REJECTED, why, now)) {
            ignore(orderId, payment, Decision.anomaly("order rejected after it was confirmed; the first decision stands"),
                    eventId);
            return;
        }
        Optional<PaymentIntent> authorization = payment != null && payment.status == PaymentStatus.PENDING
                ? intents.lock(orderId, IntentAction.AUTHORIZE) : Optional.empty();
        Decision decision = PaymentLifecycle.onRejected(status(payment),
                authorization.map(PaymentIntent::inDoubt).orElse(false));
        switch (decision.step()) {
            case VOID -> settlements.openFor(payment, now);
            case VOID_WHEN_AUTHORIZED -> {
                LOG.infof("order %s rejected while its authorization awaits the provider's answer", orderId);
                recorder.noted(orderId, PaymentAction.VOID_SCHEDULED, payment.status, why + " while its authorization "
                        + "awaits the provider's answer; whatever the provider holds will be voided", eventId);
            }
            case ABANDON -> {
                authorization.ifPresent(intent -> {
                    intent.cancel(now);
                    intents.save(intent);
                });
                payment.abandon(now);
                LOG.infof("authorization of order %s abandoned: %s", orderId, why);
                recorder.noted(orderId, PaymentAction.VOIDED, payment.status,
                        why + " before anything was authorized; nothing was authorized and it will not be attempted again",
                        eventId);
            }
            case VOID_BEFORE_PLACEMENT -> {
                Payment voided = Payment.voidedBeforePlacement(orderId, now);
                voided.learnDecision(OrderDecision.REJECTED, why, now);
                voided.ownedBy(customerId);
                payments.insert(voided);
                LOG.infof("order %s rejected before it was placed; it will never be authorized", orderId);
                recorder.noted(orderId, PaymentAction.VOIDED, voided.status,
                        why + " before it was placed; nothing was authorized and nothing will be", eventId);
            }
            default -> ignore(orderId, payment, decision, eventId);
        }
    }

    private void ignore(UUID orderId, Payment payment, Decision decision, UUID eventId) {
        if (decision.anomaly()) {
            LOG.warnf("order %s: %s", orderId, decision.reason());
        } else {
            LOG.infof("order %s: %s", orderId, decision.reason());
        }
        recorder.noted(orderId, PaymentAction.IGNORED, status(payment), decision.reason(), eventId);
    }

    private static PaymentStatus status(Payment payment) {
        return payment == null ? null : payment.status;
    }

    private static Customer customer(CloudEvent<?> event) {
        Object data = event.data();
        if (data instanceof OrderPlaced placed) {
            return placed.customer();
        } else if (data instanceof OrderConfirmed confirmed) {
            return confirmed.customer();
        }
        return ((OrderRejected) data).customer();
    }

    private static UUID orderId(CloudEvent<?> event) {
        Object data = event.data();
        if (data instanceof OrderPlaced placed) {
            return placed.orderId();
        } else if (data instanceof OrderConfirmed confirmed) {
            return confirmed.orderId();
        } else if (data instanceof OrderRejected rejected) {
            return rejected.orderId();
        }
        throw new MalformedEventException(event.type().typeName() + " is not an order event payment-service handles");
    }
}
