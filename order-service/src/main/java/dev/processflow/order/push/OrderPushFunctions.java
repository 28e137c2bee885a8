package dev.processflow.order.push;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.order.catalog.CatalogReplica;
import dev.processflow.order.outcome.OutcomeJoin;
import dev.processflow.platform.push.SweepingPushFunctions;
import dev.processflow.platform.sweep.Sweeps;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * order-service's functions for push delivery, the same ones its Kafka consumers call; a PingSource tick runs the saga
 * timeout, the follow-up reconciliation and the outbox relay's safety pass.
 */
@Singleton
public class OrderPushFunctions extends SweepingPushFunctions {

    private final OutcomeJoin join;
    private final CatalogReplica catalog;

    public OrderPushFunctions(OutcomeJoin join, CatalogReplica catalog, Sweeps sweeps) {
        super(sweeps);
        this.join = join;
        this.catalog = catalog;
    }

    @Override
    public Optional<Consumer<CloudEvent<?>>> functionFor(EventType type) {
        return switch (type) {
            case PAYMENT_AUTHORIZED, PAYMENT_DECLINED, PAYMENT_CAPTURED, PAYMENT_VOIDED, INVENTORY_RESERVED,
                    INVENTORY_REJECTED, INVENTORY_COMMITTED, INVENTORY_RELEASED, NOTIFICATION_SENT -> Optional.of(join::apply);
            case CATALOG_PRODUCT_UPSERTED -> Optional.of(catalog::apply);
            default -> Optional.empty();
        };
    }
}
