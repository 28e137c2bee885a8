package dev.processflow.payment.flow;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka transport of the payment function. The function only writes intents (the provider is called after the
 * commit), so each poll's events are applied in one transaction.
 */
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
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return delivery.deliverBatch(batch, flow::apply);
    }
}
