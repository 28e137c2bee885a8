package dev.processflow.inventory.product;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Publishes the stock movements of the last interval to the catalog, latest state per SKU. */
@ApplicationScoped
public class CatalogAnnouncer {

    private final CatalogEvents catalogEvents;
    private final int batchSize;

    public CatalogAnnouncer(CatalogEvents catalogEvents,
            @ConfigProperty(name = "processflow.catalog.announce-batch-size", defaultValue = "500") int batchSize) {
        this.catalogEvents = catalogEvents;
        this.batchSize = batchSize;
    }

    @Scheduled(every = "${processflow.catalog.announce-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void announce() {
        int announced;
        do {
            announced = catalogEvents.announcePending(batchSize);
        } while (announced == batchSize);
    }
}
