package dev.processflow.inventory.reservation;

import dev.processflow.platform.eventing.EventDelivery;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Kafka transport of {@link StockReservations}: order.placed, order.confirmed and order.rejected. */
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
    public void consume(ConsumerRecord<String, byte[]> record) {
        delivery.deliver(record, reservations::apply);
    }
}
