package dev.processflow.events.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;

@JsonIgnoreProperties(ignoreUnknown = true)
public record StockLine(String sku, int quantity) {

    public StockLine {
        Required.text(sku, "sku", Limits.SKU);
        Required.positive(quantity, "quantity");
    }
}
