package dev.processflow.inventory.demo;

import dev.processflow.events.Money;
import dev.processflow.inventory.product.ProductCatalog;
import dev.processflow.inventory.product.ProductCatalog.Change;
import dev.processflow.inventory.product.ProductCatalog.IfExists;
import dev.processflow.inventory.product.ProductSpec;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Seeds a demo catalog (SKU-001 to SKU-020, EUR) when {@code processflow.demo-catalog.enabled} is set, as in the dev
 * and local-stack profiles. It goes through the catalog's own upsert, so each product is announced on the catalog
 * topic, and keeps products that already exist, so a restart never undoes an administrator's changes.
 */
@ApplicationScoped
public class DemoCatalog {

    private record Item(String sku, String name, long cents, int stock) {
    }

    private static final Logger LOG = Logger.getLogger(DemoCatalog.class);

    private static final List<Item> ITEMS = List.of(
            new Item("SKU-001", "Espresso cup", 899, 120),
            new Item("SKU-002", "Ceramic mug", 1299, 100),
            new Item("SKU-003", "Pour-over kettle", 4999, 40),
            new Item("SKU-004", "Burr grinder", 12900, 25),
            new Item("SKU-005", "French press", 3499, 60),
            new Item("SKU-006", "Coffee beans, 1 kg", 2450, 200),
            new Item("SKU-007", "Paper filters, 100 pack", 599, 300),
            new Item("SKU-008", "Milk frother", 2999, 50),
            new Item("SKU-009", "Tea infuser", 799, 150),
            new Item("SKU-010", "Green tea, 250 g", 1450, 80),
            new Item("SKU-011", "Travel tumbler", 2199, 90),
            new Item("SKU-012", "Coffee scale", 3999, 45),
            new Item("SKU-013", "Cold brew jar", 2799, 35),
            new Item("SKU-014", "Moka pot", 3299, 55),
            new Item("SKU-015", "Espresso tamper", 1899, 70),
            new Item("SKU-016", "Knock box", 2499, 30),
            new Item("SKU-017", "Cleaning tablets", 999, 140),
            new Item("SKU-018", "Milk pitcher", 1799, 65),
            new Item("SKU-019", "Cork coaster set", 1199, 110),
            new Item("SKU-020", "Barista apron", 2599, 40));

    private final ProductCatalog catalog;
    private final boolean enabled;

    public DemoCatalog(ProductCatalog catalog,
            @ConfigProperty(name = "processflow.demo-catalog.enabled", defaultValue = "false") boolean enabled) {
        this.catalog = catalog;
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent startup) {
        if (enabled) {
            int created = seed();
            LOG.infof("demo catalog: %d of %d products created, the rest already existed", created, ITEMS.size());
        }
    }

    /** Creates the demo products that do not exist yet; returns how many it created. */
    public int seed() {
        int created = 0;
        for (Item item : ITEMS) {
            ProductSpec spec = new ProductSpec(item.name(), Money.of(item.cents(), "EUR"), item.stock());
            if (catalog.upsert(item.sku(), spec, IfExists.KEEP).change() == Change.CREATED) {
                created++;
            }
        }
        return created;
    }
}
