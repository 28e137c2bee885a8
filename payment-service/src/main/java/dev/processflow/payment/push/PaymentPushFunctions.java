package dev.processflow.payment.push;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.payment.PaymentSweeps;
import dev.processflow.payment.flow.PaymentFlow;
import dev.processflow.platform.push.PushFunctions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * payment-service's functions for push delivery: the order events (the same function its Kafka consumer calls) and
 * the tick of its own PingSource, which runs {@link PaymentSweeps} (due retries, parked settlements, reconciliation)
 * while the service would otherwise sleep.
 */
@ApplicationScoped
public class PaymentPushFunctions implements PushFunctions {

    /** The CloudEvents type of a Knative PingSource tick; a PingSource cannot send any other. */
    public static final String PING = "dev.knative.sources.ping";

    private final PaymentFlow flow;
    private final PaymentSweeps sweeps;

    public PaymentPushFunctions(PaymentFlow flow, PaymentSweeps sweeps) {
        this.flow = flow;
        this.sweeps = sweeps;
    }

    @Override
    public Optional<Consumer<CloudEvent<?>>> functionFor(EventType type) {
        return switch (type) {
            case ORDER_PLACED, ORDER_CONFIRMED, ORDER_REJECTED -> Optional.of(flow::apply);
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<Runnable> triggerFor(String cloudEventType) {
        return PING.equals(cloudEventType) ? Optional.of(sweeps::sweep) : Optional.empty();
    }
}
