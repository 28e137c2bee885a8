package dev.processflow.order.catalog;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class CatalogConsumer {

    private final EventDelivery delivery;
    private final CatalogReplica replica;

    public CatalogConsumer(EventDelivery delivery, CatalogReplica replica) {
        this.delivery = delivery;
        this.replica = replica;
    }

    @Incoming("catalog")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return delivery.deliverBatch(batch, replica::apply);
    }
}
