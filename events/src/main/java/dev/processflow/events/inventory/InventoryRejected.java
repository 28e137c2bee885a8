package dev.processflow.events.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;
import java.util.List;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record InventoryRejected(UUID orderId, List<UnavailableLine> unavailable) {

    public InventoryRejected {
        Required.value(orderId, "orderId");
        unavailable = Required.list(unavailable, "unavailable", Limits.ORDER_LINES);
    }
}
