package dev.processflow.inventory.product;

import dev.processflow.platform.sweep.Sweep;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes the stock movements of the last interval to the catalog, latest state per SKU: on a short timer while the
 * process runs, and as a sweep from a PingSource, so a movement made just before scaling to zero is announced too.
 */
@ApplicationScoped
public class CatalogAnnouncer implements Sweep {

    private final CatalogEvents catalogEvents;
    private final int batchSize;

    public CatalogAnnouncer(CatalogEvents catalogEvents,
            @ConfigProperty(name = "processflow.catalog.announce-batch-size", defaultValue = "500") int batchSize) {
        this.catalogEvents = catalogEvents;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "catalog-announcer";
    }

    /** Announces every marked product; returns how many. */
    @Override
    public int sweep() {
        int total = 0;
        int announced;
        do {
            announced = catalogEvents.announcePending(batchSize);
            total += announced;
        } while (announced == batchSize);
        return total;
    }
}
