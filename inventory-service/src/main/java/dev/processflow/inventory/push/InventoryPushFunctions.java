package dev.processflow.inventory.push;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.inventory.reservation.StockReservations;
import dev.processflow.platform.push.SweepingPushFunctions;
import dev.processflow.platform.sweep.Sweeps;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Consumer;

/** inventory-service's function for push delivery; the same one its Kafka consumer calls. */
@Singleton
public class InventoryPushFunctions extends SweepingPushFunctions {

    private final StockReservations reservations;

    public InventoryPushFunctions(StockReservations reservations, Sweeps sweeps) {
        super(sweeps);
        this.reservations = reservations;
    }

    @Override
    public Optional<Consumer<CloudEvent<?>>> functionFor(EventType type) {
        return switch (type) {
            case ORDER_PLACED, ORDER_CONFIRMED, ORDER_REJECTED -> Optional.of(reservations::apply);
            default -> Optional.empty();
        };
    }
}
