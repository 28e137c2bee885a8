package dev.processflow.inventory.reservation;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka transport of {@link StockReservations}: order.placed, order.confirmed and order.rejected, each poll applied
 * in one transaction after its products are locked in SKU order.
 */
@ApplicationScoped
public class OrdersConsumer {

    private final EventDelivery delivery;
    private final StockReservations reservations;

    public OrdersConsumer(EventDelivery delivery, StockReservations reservations) {
        this.delivery = delivery;
        this.reservations = reservations;
    }

    @Incoming("orders")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return delivery.deliverBatch(batch, reservations::lockProductsOf, reservations::apply);
    }
}
