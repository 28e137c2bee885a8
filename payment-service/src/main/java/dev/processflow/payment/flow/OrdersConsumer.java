package dev.processflow.payment.flow;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Kafka transport of the payment function. */
@ApplicationScoped
public class OrdersConsumer {

    private final EventDelivery delivery;
    private final PaymentFlow flow;

    public OrdersConsumer(EventDelivery delivery, PaymentFlow flow) {
        this.delivery = delivery;
        this.flow = flow;
    }

    @Incoming("orders")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        delivery.deliver(record, flow::apply);
    }
}
