package dev.processflow.order.push;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.order.catalog.CatalogReplica;
import dev.processflow.order.outcome.OutcomeJoin;
import dev.processflow.order.timeout.TimeoutSweeper;
import dev.processflow.platform.push.PushFunctions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Consumer;

/** order-service's functions for push delivery; the same ones its Kafka consumers call. */
@ApplicationScoped
public class OrderPushFunctions implements PushFunctions {

    /** The CloudEvents type of a Knative PingSource tick, which drives saga timeouts while the service sleeps. */
    public static final String PING = "dev.knative.sources.ping";

    private final OutcomeJoin join;
    private final CatalogReplica catalog;
    private final TimeoutSweeper sweeper;

    public OrderPushFunctions(OutcomeJoin join, CatalogReplica catalog, TimeoutSweeper sweeper) {
        this.join = join;
        this.catalog = catalog;
        this.sweeper = sweeper;
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

    @Override
    public Optional<Runnable> triggerFor(String cloudEventType) {
        return PING.equals(cloudEventType) ? Optional.of(sweeper::sweep) : Optional.empty();
    }
}
