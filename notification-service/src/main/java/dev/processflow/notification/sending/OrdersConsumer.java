package dev.processflow.notification.sending;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka transport of {@link OrderOutcomeNotifier}. The mail server's trouble never reaches it (the notifier parks
 * the e-mail for a retry); a database outage does, and {@code EventDelivery} waits it out in place.
 * <p>
 * Records are delivered out of order on the {@value #SENDERS} pool, a few at a time
 * ({@code smallrye.messaging.worker.email-senders.max-concurrency}): an e-mail spends most of its time waiting for the
 * mail server, and one at a time capped the service at one claim, SMTP dialogue and SENT mark after another. Order
 * across records does not matter here: an order has one outcome, its other event is acknowledged without effect, and
 * the claim's unique (order, kind) settles two deliveries of one outcome. The throttled commit still commits only
 * offsets below every record in flight.
 */
@ApplicationScoped
public class OrdersConsumer {

    static final String SENDERS = "email-senders";

    private final EventDelivery delivery;
    private final OrderOutcomeNotifier notifier;

    public OrdersConsumer(EventDelivery delivery, OrderOutcomeNotifier notifier) {
        this.delivery = delivery;
        this.notifier = notifier;
    }

    @Incoming("orders")
    @Blocking(value = SENDERS, ordered = false)
    public CompletionStage<Void> consume(KafkaRecord<String, byte[]> record) {
        return delivery.deliver(record, notifier::apply);
    }
}
