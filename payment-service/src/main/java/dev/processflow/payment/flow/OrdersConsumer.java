package dev.processflow.payment.flow;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
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
    public CompletionStage<Void> consume(KafkaRecord<String, byte[]> record) {
        return delivery.deliver(record, flow::apply);
    }
}
