package dev.processflow.inventory.product;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.platform.eventing.Outbox;
import dev.processflow.platform.persistence.TransactionConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
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
    private final TransactionConnection connections;

    public CatalogEvents(Outbox outbox, TransactionConnection connections) {
        this.outbox = outbox;
        this.connections = connections;
    }

    /** The product's name, price or stock was edited: announced now. The caller holds its row lock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(Product product) {
        product.catalogPending = false;
        product.catalogVersion++;
        outbox.emit(announcement(new ProductUpserted(product.sku, product.name, product.price(), product.available(),
                product.catalogVersion)));
    }

    /** Stock was reserved, committed or released: announced by the next {@link #announcePending}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stockMoved(Product product) {
        product.catalogPending = true;
    }

    /**
     * Announces up to {@code limit} marked products and returns how many. Rows a reservation holds right now are
     * skipped, never waited for: they stay marked and go out on the next call. One statement clears the marks, raises
     * the versions and returns the states to announce, and one batch writes their events, so the row locks that
     * reservations may be waiting for are held no longer than that.
     */
    @Transactional
    public int announcePending(int limit) {
        List<CloudEvent<ProductUpserted>> announcements = connections
                .apply(connection -> {
                    List<CloudEvent<ProductUpserted>> events = new ArrayList<>();
                    try (PreparedStatement update = connection.prepareStatement("""
                            UPDATE product p SET catalog_pending = FALSE, catalog_version = p.catalog_version + 1
                            FROM (SELECT sku FROM product WHERE catalog_pending ORDER BY sku LIMIT ?
                                  FOR UPDATE SKIP LOCKED) due
                            WHERE p.sku = due.sku
                            RETURNING p.sku, p.name, p.price_amount, p.currency, p.on_hand - p.reserved,
                                      p.catalog_version""")) {
                        update.setInt(1, limit);
                        try (ResultSet rows = update.executeQuery()) {
                            while (rows.next()) {
                                events.add(announcement(new ProductUpserted(rows.getString(1), rows.getString(2),
                                        new Money(rows.getLong(3), rows.getString(4)), rows.getInt(5),
                                        rows.getLong(6))));
                            }
                        }
                    }
                    return events;
                });
        outbox.emitAll(announcements);
        return announcements.size();
    }

    private static CloudEvent<ProductUpserted> announcement(ProductUpserted product) {
        return CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.CATALOG_PRODUCT_UPSERTED, product.sku(), product);
    }
}
