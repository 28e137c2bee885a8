package dev.processflow.order.outcome;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Kafka transport of the outcome join: one channel per topic whose events touch an order. */
@ApplicationScoped
public class OutcomeConsumers {

    private final EventDelivery delivery;
    private final OutcomeJoin join;

    public OutcomeConsumers(EventDelivery delivery, OutcomeJoin join) {
        this.delivery = delivery;
        this.join = join;
    }

    @Incoming("payments")
    @Blocking
    public void payments(ConsumerRecord<String, byte[]> record) {
        delivery.deliver(record, join::apply);
    }

    @Incoming("inventory")
    @Blocking
    public void inventory(ConsumerRecord<String, byte[]> record) {
        delivery.deliver(record, join::apply);
    }

    @Incoming("notifications")
    @Blocking
    public void notifications(ConsumerRecord<String, byte[]> record) {
        delivery.deliver(record, join::apply);
    }
}
