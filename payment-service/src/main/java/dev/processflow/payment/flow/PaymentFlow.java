package dev.processflow.payment.flow;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.payment.Payment;
import dev.processflow.payment.PaymentAction;
import dev.processflow.payment.PaymentLifecycle;
import dev.processflow.payment.PaymentLifecycle.Decision;
import dev.processflow.payment.PaymentRecorder;
import dev.processflow.payment.PaymentStatus;
import dev.processflow.payment.Timestamps;
import dev.processflow.payment.authorization.Authorizer;
import dev.processflow.payment.gateway.GatewayClient;
import dev.processflow.payment.gateway.SettlementRequest;
import dev.processflow.platform.eventing.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The payment function: authorizes on order.placed, captures on order.confirmed, voids on order.rejected. Each event
 * is handled once (dedupe log in the same transaction) under the payment's row lock, following
 * {@link PaymentLifecycle}, so duplicates, replays and reordered deliveries change nothing they should not.
 */
@ApplicationScoped
public class PaymentFlow {

    private static final Logger LOG = Logger.getLogger(PaymentFlow.class);

    private final ProcessedEvents processedEvents;
    private final Authorizer authorizer;
    private final GatewayClient gateway;
    private final PaymentRecorder recorder;

    public PaymentFlow(ProcessedEvents processedEvents, Authorizer authorizer, GatewayClient gateway,
            PaymentRecorder recorder) {
        this.processedEvents = processedEvents;
        this.authorizer = authorizer;
        this.gateway = gateway;
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
        Payment payment = Payment.findById(orderId, LockModeType.PESSIMISTIC_WRITE);
        Object data = event.data();
        if (data instanceof OrderPlaced placed) {
            placed(payment, placed, event.id());
        } else if (data instanceof OrderConfirmed) {
            confirmed(orderId, payment, event.id());
        } else {
            rejected(orderId, payment, (OrderRejected) data, event.id());
        }
        Payment.<Payment>findByIdOptional(orderId).ifPresent(p -> p.ownedBy(customer(event).id()));
    }

    private void placed(Payment payment, OrderPlaced placed, UUID eventId) {
        Decision decision = PaymentLifecycle.onPlaced(status(payment));
        if (decision.step() == PaymentLifecycle.Step.AUTHORIZE) {
            Payment opened = Payment.open(placed.orderId(), placed.total(), Timestamps.now());
            // The row exists before the gateway is asked: another event of this order delivered concurrently (HTTP
            // push) blocks on it and then sees the outcome, instead of deciding as if there were no payment.
            opened.persistAndFlush();
            authorizer.attempt(opened, placed.paymentToken(), eventId);
            return;
        }
        payment.learnAmount(placed.total(), Timestamps.now());
        ignore(payment.orderId, payment, decision, eventId);
    }

    private void confirmed(UUID orderId, Payment payment, UUID eventId) {
        Decision decision = PaymentLifecycle.onConfirmed(status(payment));
        if (decision.step() != PaymentLifecycle.Step.CAPTURE) {
            ignore(orderId, payment, decision, eventId);
            return;
        }
        gateway.capture(new SettlementRequest(payment.paymentId, payment.gatewayReference, payment.money()));
        payment.capture(Timestamps.now());
        LOG.debugf("payment %s of order %s captured", payment.paymentId, orderId);
        recorder.captured(payment, eventId);
    }

    private void rejected(UUID orderId, Payment payment, OrderRejected rejected, UUID eventId) {
        Decision decision = PaymentLifecycle.onRejected(status(payment));
        String why = "order rejected (" + rejected.reason() + ")";
        switch (decision.step()) {
            case VOID -> {
                gateway.voidAuthorization(new SettlementRequest(payment.paymentId, payment.gatewayReference, payment.money()));
                payment.voidAuthorization(Timestamps.now());
                LOG.debugf("payment %s of order %s voided", payment.paymentId, orderId);
                recorder.voided(payment, why, eventId);
            }
            case ABANDON -> {
                payment.abandon(Timestamps.now());
                LOG.infof("pending authorization of order %s abandoned: %s", orderId, why);
                recorder.noted(orderId, PaymentAction.VOIDED, payment.status,
                        why + " while its authorization awaited a retry; nothing was authorized and it will not be attempted again",
                        eventId);
            }
            case VOID_BEFORE_PLACEMENT -> {
                Payment voided = Payment.voidedBeforePlacement(orderId, Timestamps.now());
                voided.persistAndFlush();
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
