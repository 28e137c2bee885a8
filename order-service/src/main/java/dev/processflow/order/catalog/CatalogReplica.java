package dev.processflow.order.catalog;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.Money;
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.platform.eventing.ProcessedEvents;
import dev.processflow.platform.persistence.BoundedText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.Session;

/**
 * Keeps the catalog replica current. Per SKU the highest version wins, the producer's own sequence, whatever order
 * events arrive in and whatever time they claim: a replayed or delayed announcement never rolls a product back.
 */
@ApplicationScoped
public class CatalogReplica {

    private final ProcessedEvents processedEvents;
    private final EntityManager entityManager;

    public CatalogReplica(ProcessedEvents processedEvents, EntityManager entityManager) {
        this.processedEvents = processedEvents;
        this.entityManager = entityManager;
    }

    @Transactional
    public void apply(CloudEvent<?> event) {
        if (!(event.data() instanceof ProductUpserted product)) {
            throw new MalformedEventException(event.type().typeName() + " does not belong on the catalog topic");
        }
        if (!processedEvents.firstDelivery(event)) {
            return;
        }
        CatalogProduct replica = CatalogProduct.findById(product.sku(), LockModeType.PESSIMISTIC_WRITE);
        if (replica == null) {
            replica = new CatalogProduct();
            replica.sku = product.sku();
        } else if (product.version() <= replica.version) {
            return;
        }
        replica.name = BoundedText.fit(product.name(), CatalogProduct.MAX_NAME);
        replica.priceAmount = product.price().amount();
        replica.currency = product.price().currency();
        replica.available = product.available();
        replica.version = product.version();
        replica.updatedAt = event.time();
        replica.persist();
    }

    /**
     * The prices of those of these SKUs the replica holds, by SKU: one fixed select on the transaction's connection
     * whatever the number of SKUs, nothing loaded into the session.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Money> prices(Collection<String> skus) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Map<String, Money> prices = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT sku, price_amount, currency FROM catalog_product WHERE sku = ANY(?)")) {
                select.setArray(1, connection.createArrayOf("varchar", skus.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        prices.put(rows.getString(1), new Money(rows.getLong(2), rows.getString(3)));
                    }
                }
            }
            return prices;
        });
    }
}
