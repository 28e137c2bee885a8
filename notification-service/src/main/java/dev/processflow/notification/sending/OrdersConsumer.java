package dev.processflow.notification.sending;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Kafka transport of {@link OrderOutcomeNotifier}. */
@ApplicationScoped
public class OrdersConsumer {

    private final EventDelivery delivery;
    private final OrderOutcomeNotifier notifier;

    public OrdersConsumer(EventDelivery delivery, OrderOutcomeNotifier notifier) {
        this.delivery = delivery;
        this.notifier = notifier;
    }

    /** A {@link NotificationFailedException} went through every SMTP retry already, so it is dead-lettered at once. */
    @Incoming("orders")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        delivery.deliver(record, notifier::apply);
    }
}
