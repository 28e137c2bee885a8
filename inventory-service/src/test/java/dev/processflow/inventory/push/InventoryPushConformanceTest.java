package dev.processflow.inventory.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.inventory.InventoryFixtures;
import dev.processflow.testsupport.KnativePush;
import dev.processflow.testsupport.PushRefusals;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.UUID;

/**
 * The conformance suite over HTTP push as Knative delivers it: pull consumer off, tokens of the orders relay; and
 * every delivery that push must refuse.
 */
@QuarkusTest
@TestProfile(KnativePush.class)
class InventoryPushConformanceTest extends InventoryConformance implements PushRefusals {

    /** An order for a unit of a new product: applied, it reserves that unit. */
    @Override
    public CloudEvent<?> probe() {
        String sku = InventoryFixtures.newSku();
        InventoryFixtures.putProduct(sku, 3);
        return InventoryFixtures.placed(UUID.randomUUID(), InventoryFixtures.line(sku, 1));
    }

    @Override
    public void assertNotApplied(CloudEvent<?> probe) {
        assertThat(InventoryFixtures.product(sku(probe)).getInt("reserved")).isZero();
    }

    @Override
    public void assertApplied(CloudEvent<?> probe) {
        assertThat(InventoryFixtures.product(sku(probe)).getInt("reserved")).isEqualTo(1);
    }

    private static String sku(CloudEvent<?> probe) {
        return ((OrderPlaced) probe.data()).items().get(0).sku();
    }
}
