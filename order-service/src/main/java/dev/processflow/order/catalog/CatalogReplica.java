package dev.processflow.order.catalog;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.Money;
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.platform.eventing.ProcessedEvents;
import dev.processflow.platform.persistence.BoundedText;
import dev.processflow.platform.persistence.SqlTimes;
import dev.processflow.platform.persistence.TransactionConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the catalog replica (order-service's copy of each product as inventory-service last published it) current.
 * Per SKU the highest version wins, the producer's own sequence, whatever order events arrive in and whatever time
 * they claim: a replayed or delayed announcement never rolls a product back.
 */
@ApplicationScoped
public class CatalogReplica {

    /** Width of the name column. */
    private static final int MAX_NAME = 200;

    private final ProcessedEvents processedEvents;
    private final TransactionConnection connections;

    public CatalogReplica(ProcessedEvents processedEvents, TransactionConnection connections) {
        this.processedEvents = processedEvents;
        this.connections = connections;
    }

    /**
     * One upsert on the transaction's connection: the row is written only if it is new or this version is higher
     * than the one held, so the version rule and the row lock it needs are PostgreSQL's, not a read before a write.
     */
    @Transactional
    public void apply(CloudEvent<?> event) {
        if (!(event.data() instanceof ProductUpserted product)) {
            throw new MalformedEventException(event.type().typeName() + " does not belong on the catalog topic");
        }
        if (!processedEvents.firstDelivery(event)) {
            return;
        }
        connections.run(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO catalog_product (sku, name, price_amount, currency, available, version, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, price_amount = EXCLUDED.price_amount,
                        currency = EXCLUDED.currency, available = EXCLUDED.available, version = EXCLUDED.version,
                        updated_at = EXCLUDED.updated_at
                    WHERE catalog_product.version < EXCLUDED.version""")) {
                upsert.setString(1, product.sku());
                upsert.setString(2, BoundedText.fit(product.name(), MAX_NAME));
                upsert.setLong(3, product.price().amount());
                upsert.setString(4, product.price().currency());
                upsert.setInt(5, product.available());
                upsert.setLong(6, product.version());
                upsert.setObject(7, SqlTimes.utc(event.time()));
                upsert.executeUpdate();
            }
        });
    }

    /**
     * The prices of those of these SKUs the replica holds, by SKU: one fixed select on the transaction's connection
     * whatever the number of SKUs, nothing loaded into the session.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Money> prices(Collection<String> skus) {
        return connections.apply(connection -> {
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
