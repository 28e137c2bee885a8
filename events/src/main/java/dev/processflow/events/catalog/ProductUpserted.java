package dev.processflow.events.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Money;
import dev.processflow.events.Required;

/**
 * A product's latest state. {@code version} is inventory-service's own per-SKU sequence, taken from its database in
 * the transaction that changed the product: a replica applies an event only if its version is newer than the one it
 * holds, so neither redelivery nor reordering nor a clock can roll a product back. Producers before the field existed
 * sent none, which reads as 0.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProductUpserted(String sku, String name, Money price, int available, long version) {

    public ProductUpserted {
        Required.text(sku, "sku", Limits.SKU);
        Required.text(name, "name");
        Required.value(price, "price");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
    }
}
