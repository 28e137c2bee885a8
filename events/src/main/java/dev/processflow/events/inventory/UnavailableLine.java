package dev.processflow.events.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;

@JsonIgnoreProperties(ignoreUnknown = true)
public record UnavailableLine(String sku, int requested, int available) {

    public UnavailableLine {
        Required.text(sku, "sku", Limits.SKU);
    }
}
