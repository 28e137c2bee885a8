package dev.processflow.order.outcome;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka transport of the outcome join: one channel per topic whose events touch an order, each poll applied in one
 * transaction with its orders locked up front.
 */
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
    public CompletionStage<Void> payments(KafkaRecordBatch<String, byte[]> batch) {
        return delivery.deliverBatch(batch, join::lockOrdersOf, join::apply);
    }

    @Incoming("inventory")
    @Blocking
    public CompletionStage<Void> inventory(KafkaRecordBatch<String, byte[]> batch) {
        return delivery.deliverBatch(batch, join::lockOrdersOf, join::apply);
    }

    @Incoming("notifications")
    @Blocking
    public CompletionStage<Void> notifications(KafkaRecordBatch<String, byte[]> batch) {
        return delivery.deliverBatch(batch, join::lockOrdersOf, join::apply);
    }
}
