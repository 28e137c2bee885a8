package dev.processflow.order.catalog;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.platform.eventing.ProcessedEvents;
import dev.processflow.platform.persistence.BoundedText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps the catalog replica current. Per SKU the highest version wins, the producer's own sequence, whatever order
 * events arrive in and whatever time they claim: a replayed or delayed announcement never rolls a product back.
 */
@ApplicationScoped
public class CatalogReplica {

    private final ProcessedEvents processedEvents;

    public CatalogReplica(ProcessedEvents processedEvents) {
        this.processedEvents = processedEvents;
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

    /** The replicas of these SKUs that exist, by SKU. Looked up by id: an IN-list query is translated anew per size. */
    public Map<String, CatalogProduct> find(Collection<String> skus) {
        return skus.stream()
                .map(sku -> CatalogProduct.<CatalogProduct>findById(sku))
                .filter(Objects::nonNull)
                .collect(Collectors.toMap(p -> p.sku, Function.identity()));
    }
}
