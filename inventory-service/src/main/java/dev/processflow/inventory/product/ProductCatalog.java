package dev.processflow.inventory.product;

import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Catalog administration: creates or updates products and announces every change on the catalog topic. */
@ApplicationScoped
public class ProductCatalog {

    /** What to do when the SKU already exists. */
    public enum IfExists { UPDATE, KEEP }

    public enum Change { CREATED, UPDATED, KEPT }

    public record Upserted(ProductView product, Change change) {
    }

    private final EntityManager entityManager;
    private final CatalogEvents catalogEvents;

    public ProductCatalog(EntityManager entityManager, CatalogEvents catalogEvents) {
        this.entityManager = entityManager;
        this.catalogEvents = catalogEvents;
    }

    /**
     * Creates the product or, with {@link IfExists#UPDATE}, updates it. Insert-if-absent first, so two concurrent
     * creations of one SKU cannot collide; an update then works on the locked row, so it never races a reservation.
     * Lowering onHand below the units reserved for pending orders is refused with 409.
     */
    @Transactional
    public Upserted upsert(String sku, ProductSpec spec, IfExists ifExists) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int inserted = entityManager.createNativeQuery("""
                INSERT INTO product (sku, name, price_amount, currency, on_hand, reserved, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6) ON CONFLICT (sku) DO NOTHING""")
                .setParameter(1, sku)
                .setParameter(2, spec.name())
                .setParameter(3, spec.price().amount())
                .setParameter(4, spec.price().currency())
                .setParameter(5, spec.onHand())
                .setParameter(6, Timestamp.from(now))
                .executeUpdate();
        Product product = Product.lock(sku);
        if (inserted == 1) {
            catalogEvents.changed(product);
            return new Upserted(ProductView.of(product), Change.CREATED);
        }
        if (ifExists == IfExists.KEEP) {
            return new Upserted(ProductView.of(product), Change.KEPT);
        }
        if (spec.onHand() < product.reserved) {
            throw new ProblemException(Problem.of(409, "Stock below reservations",
                    "onHand " + spec.onHand() + " is below the " + product.reserved
                            + " units reserved for orders in progress")
                    .withViolations(List.of(new Problem.Violation("onHand",
                            "must be at least " + product.reserved + " (reserved)")))
                    .with("reserved", product.reserved));
        }
        product.describe(spec.name(), spec.price(), spec.onHand());
        catalogEvents.changed(product);
        return new Upserted(ProductView.of(product), Change.UPDATED);
    }

    @Transactional
    public Optional<ProductView> find(String sku) {
        return Product.<Product>findByIdOptional(sku).map(ProductView::of);
    }

    @Transactional
    public List<ProductView> list() {
        return Product.<Product>listAll(Sort.by("sku")).stream().map(ProductView::of).toList();
    }
}
