package dev.processflow.events.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Money;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;

@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderLine(String sku, int quantity, Money unitPrice) {

    public OrderLine {
        Required.text(sku, "sku", Limits.SKU);
        Required.positive(quantity, "quantity");
        Required.value(unitPrice, "unitPrice");
    }
}
