package dev.processflow.inventory.product;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.platform.eventing.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Announces a product's current state on the compacted catalog topic (key = SKU), where only the latest state per
 * SKU matters. Catalog edits are announced in the transaction that makes them. Stock movements only mark the
 * product, in their own transaction, and {@link #announcePending} publishes the marked products' latest state a
 * moment later: a SKU that sells many times a second then costs one catalog event per announcement instead of one
 * per reservation, commit and release. Every announcement holds the product's row lock and raises its catalog
 * version, so events of one SKU enter the outbox in the order of its changes, numbered in that order: the replica
 * keeps the highest number it has seen.
 */
@ApplicationScoped
public class CatalogEvents {

    private final Outbox outbox;
    private final EntityManager entityManager;

    public CatalogEvents(Outbox outbox, EntityManager entityManager) {
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    /** The product's name, price or stock was edited: announced now. The caller holds its row lock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(Product product) {
        product.catalogPending = false;
        product.catalogVersion++;
        outbox.emit(CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.CATALOG_PRODUCT_UPSERTED, product.sku,
                new ProductUpserted(product.sku, product.name, product.price(), product.available(),
                        product.catalogVersion)));
    }

    /** Stock was reserved, committed or released: announced by the next {@link #announcePending}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stockMoved(Product product) {
        product.catalogPending = true;
    }

    /**
     * Announces up to {@code limit} marked products and returns how many. Rows a reservation holds right now are
     * skipped, never waited for: they stay marked and go out on the next call.
     */
    @Transactional
    public int announcePending(int limit) {
        @SuppressWarnings("unchecked")
        List<Product> pending = entityManager.createNativeQuery("""
                SELECT * FROM product WHERE catalog_pending ORDER BY sku LIMIT ?1 FOR UPDATE SKIP LOCKED""",
                Product.class)
                .setParameter(1, limit)
                .getResultList();
        pending.forEach(this::changed);
        return pending.size();
    }
}
