package dev.processflow.inventory.operations;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * inventory-service also serving {@code orders.dlq}: in production order-service redrives it (only it may write
 * {@code orders}); here one process both redrives an order event and applies it, so the test sees the whole loop.
 */
public class RedrivesOrders implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("processflow.dead-letters.topics", "orders.dlq,inventory.dlq,catalog.dlq");
    }
}
