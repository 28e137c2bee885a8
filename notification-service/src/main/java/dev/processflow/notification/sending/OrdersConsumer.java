package dev.processflow.notification.sending;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka transport of {@link OrderOutcomeNotifier}. The mail server's trouble never reaches it (the notifier parks
 * the e-mail for a retry); a database outage does, and {@code EventDelivery} waits it out in place.
 */
@ApplicationScoped
public class OrdersConsumer {

    private final EventDelivery delivery;
    private final OrderOutcomeNotifier notifier;

    public OrdersConsumer(EventDelivery delivery, OrderOutcomeNotifier notifier) {
        this.delivery = delivery;
        this.notifier = notifier;
    }

    @Incoming("orders")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecord<String, byte[]> record) {
        return delivery.deliver(record, notifier::apply);
    }
}
