package dev.processflow.inventory.product;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.platform.eventing.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Announces a product's current state on the compacted catalog topic (key = SKU), in the transaction that changed
 * it. Callers hold the product's row lock, so events of one SKU enter the outbox in the order of their changes.
 */
@ApplicationScoped
public class CatalogEvents {

    private final Outbox outbox;

    public CatalogEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(Product product) {
        outbox.emit(CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.CATALOG_PRODUCT_UPSERTED, product.sku,
                new ProductUpserted(product.sku, product.name, product.price(), product.available())));
    }
}
