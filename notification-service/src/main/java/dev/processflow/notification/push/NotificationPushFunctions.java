package dev.processflow.notification.push;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.notification.sending.OrderOutcomeNotifier;
import dev.processflow.platform.push.SweepingPushFunctions;
import dev.processflow.platform.sweep.Sweeps;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Consumer;

/** notification-service's function for push delivery; the same one its Kafka consumer calls. */
@Singleton
public class NotificationPushFunctions extends SweepingPushFunctions {

    private final OrderOutcomeNotifier notifier;

    public NotificationPushFunctions(OrderOutcomeNotifier notifier, Sweeps sweeps) {
        super(sweeps);
        this.notifier = notifier;
    }

    @Override
    public Optional<Consumer<CloudEvent<?>>> functionFor(EventType type) {
        return switch (type) {
            case ORDER_PLACED, ORDER_CONFIRMED, ORDER_REJECTED -> Optional.of(notifier::apply);
            default -> Optional.empty();
        };
    }
}
