package dev.processflow.events.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;
import java.util.List;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record InventoryReserved(UUID orderId, List<StockLine> lines) {

    public InventoryReserved {
        Required.value(orderId, "orderId");
        lines = Required.list(lines, "lines", Limits.ORDER_LINES);
    }
}
