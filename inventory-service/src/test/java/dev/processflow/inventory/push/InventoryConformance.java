package dev.processflow.inventory.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.inventory.InventoryFixtures;
import dev.processflow.testsupport.OverlongData;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.Transport;
import dev.processflow.testsupport.TransportConformance;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same stock effects for the same events whether they arrive from Kafka or are pushed over HTTP: each subclass
 * names its transports and the profile they need.
 */
abstract class InventoryConformance extends TransportConformance {

    @Override
    protected String[] watchedTopics() {
        return new String[] {"inventory", "orders.dlq"};
    }

    @ParameterizedTest
    @MethodSource("transports")
    void reserveCommitAndReleaseOnceDespiteDuplicates(Transport transport) {
        String sku = InventoryFixtures.newSku();
        InventoryFixtures.putProduct(sku, 10);
        UUID kept = UUID.randomUUID();
        CloudEvent<?> placed = InventoryFixtures.placed(kept, InventoryFixtures.line(sku, 3));
        transport.deliver(placed);
        transport.deliver(placed);
        watch.await(TestEvents.ofType(EventType.INVENTORY_RESERVED, kept.toString()));
        CloudEvent<?> confirmed = InventoryFixtures.confirmed(kept, InventoryFixtures.line(sku, 3));
        transport.deliver(confirmed);
        transport.deliver(confirmed);
        watch.await(TestEvents.ofType(EventType.INVENTORY_COMMITTED, kept.toString()));

        UUID dropped = UUID.randomUUID();
        transport.deliver(InventoryFixtures.placed(dropped, InventoryFixtures.line(sku, 2)));
        watch.await(TestEvents.ofType(EventType.INVENTORY_RESERVED, dropped.toString()));
        CloudEvent<?> rejected = InventoryFixtures.rejected(dropped, RejectionReason.PAYMENT_DECLINED);
        transport.deliver(rejected);
        transport.deliver(rejected);
        watch.await(TestEvents.ofType(EventType.INVENTORY_RELEASED, dropped.toString()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(InventoryFixtures.product(sku).getInt("onHand")).isEqualTo(7);
            assertThat(InventoryFixtures.product(sku).getInt("reserved")).isZero();
            assertThat(InventoryFixtures.product(sku).getInt("available")).isEqualTo(7);
        });
        for (String order : new String[] {kept.toString(), dropped.toString()}) {
            assertThat(InventoryFixtures.distinctEvents(watch.matching(r -> order.equals(r.key())
                    && EventType.INVENTORY_RESERVED.typeName().equals(TestEvents.header(r, "ce_type"))))).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anOrderPlacedFromAnotherSourceReservesNothing(Transport transport) {
        String sku = InventoryFixtures.newSku();
        InventoryFixtures.putProduct(sku, 5);
        CloudEvent<?> placed = InventoryFixtures.placed(UUID.randomUUID(), InventoryFixtures.line(sku, 2));
        for (String source : new String[] {Sources.PAYMENT_SERVICE, "/anyone"}) {
            transport.assertRefused(TestEvents.from(source, placed), "orders");
        }

        assertThat(InventoryFixtures.product(sku).getInt("reserved")).isZero();
        assertThat(watch.matching(TestEvents.ofType(EventType.INVENTORY_RESERVED, placed.subject()))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void overlongOrdersAreRefusedAndTheStreamGoesOn(Transport transport) {
        String sku = InventoryFixtures.newSku();
        InventoryFixtures.putProduct(sku, 5);
        CloudEvent<?> placed = InventoryFixtures.placed(UUID.randomUUID(), InventoryFixtures.line(sku, 1));
        String type = placed.type().typeName();

        assertThat(transport.assertPoisonRefused("orders", type, OverlongData.repeated(placed, "/items", 101)))
                .contains("at most 100");
        assertThat(transport.assertPoisonRefused("orders", type,
                OverlongData.replaced(placed, "/items/0/sku", "S".repeat(65)))).contains("at most 64");
        transport.deliver(placed);

        watch.await(TestEvents.ofType(EventType.INVENTORY_RESERVED, placed.subject()));
        assertThat(InventoryFixtures.product(sku).getInt("reserved")).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void poisonIsRefused(Transport transport) {
        transport.assertPoisonRefused("orders", "processflow.order.placed", "not json at all");
        transport.assertPoisonRefused("orders", "processflow.order.placed", "{\"orderId\": \"" + UUID.randomUUID() + "\"}");
        transport.assertPoisonRefused("orders", "processflow.order.cancelled", "{}");
    }
}
