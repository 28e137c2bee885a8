package dev.processflow.events.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Money;
import dev.processflow.events.Required;

@JsonIgnoreProperties(ignoreUnknown = true)
public record ProductUpserted(String sku, String name, Money price, int available) {

    public ProductUpserted {
        Required.text(sku, "sku");
        Required.text(name, "name");
        Required.value(price, "price");
    }
}
