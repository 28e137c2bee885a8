package dev.processflow.order.catalog;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    public void consume(ConsumerRecord<String, byte[]> record) {
        delivery.deliver(record, replica::apply);
    }
}
