package dev.processflow.payment.push;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.payment.PaymentSweeps;
import dev.processflow.payment.flow.PaymentFlow;
import dev.processflow.platform.push.SweepingPushFunctions;
import dev.processflow.platform.sweep.Sweeps;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * payment-service's functions for push delivery: the order events (the same function its Kafka consumer calls) and
 * the tick of its own PingSource, which runs its sweeps, {@link PaymentSweeps} among them (due retries, parked
 * settlements, reconciliation), while the service would otherwise sleep.
 */
@Singleton
public class PaymentPushFunctions extends SweepingPushFunctions {

    private final PaymentFlow flow;

    public PaymentPushFunctions(PaymentFlow flow, Sweeps sweeps) {
        super(sweeps);
        this.flow = flow;
    }

    @Override
    public Optional<Consumer<CloudEvent<?>>> functionFor(EventType type) {
        return switch (type) {
            case ORDER_PLACED, ORDER_CONFIRMED, ORDER_REJECTED -> Optional.of(flow::apply);
            default -> Optional.empty();
        };
    }
}
