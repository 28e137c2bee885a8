package dev.processflow.inventory.reservation;

import static dev.processflow.inventory.InventoryFixtures.confirmed;
import static dev.processflow.inventory.InventoryFixtures.distinctEvents;
import static dev.processflow.inventory.InventoryFixtures.line;
import static dev.processflow.inventory.InventoryFixtures.newSku;
import static dev.processflow.inventory.InventoryFixtures.onPartition;
import static dev.processflow.inventory.InventoryFixtures.placed;
import static dev.processflow.inventory.InventoryFixtures.product;
import static dev.processflow.inventory.InventoryFixtures.putProduct;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.order.OrderLine;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The three consumers of the orders channel apply whole polls in one transaction each. Polls of orders that share
 * products crosswise must never deadlock (a deadlock fails the poll's transaction, which then goes one record at a
 * time: counted as a split batch) and never lose a unit of stock.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReservationBatchTest {

    private static final int ORDERS = 240;
    private static final int STOCK = 1000;

    private final KafkaCompanion kafka = KafkaEngine.companion();
    private TopicWatch inventory;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    void watch() {
        inventory = TopicWatch.of(kafka, "inventory");
    }

    @AfterAll
    void close() {
        inventory.close();
    }

    @Test
    void pollsOfOrdersSharingProductsInEveryOrderNeitherDeadlockNorLoseStock() {
        List<String> skus = IntStream.range(0, 4).mapToObj(i -> newSku()).toList();
        skus.forEach(sku -> putProduct(sku, STOCK));
        List<UUID> orders = IntStream.range(0, ORDERS).mapToObj(i -> UUID.randomUUID()).toList();
        Set<String> keys = orders.stream().map(UUID::toString).collect(Collectors.toSet());
        double splitBefore = batches("split");
        double committedBefore = batches("committed");

        kafka.produceStrings().fromRecords(IntStream.range(0, ORDERS)
                .mapToObj(i -> onPartition(i % 3, placed(orders.get(i), lines(i, skus))))
                .toList()).awaitCompletion();
        awaitEvents(keys, "processflow.inventory.reserved");
        kafka.produceStrings().fromRecords(IntStream.range(0, ORDERS)
                .mapToObj(i -> onPartition(i % 3, confirmed(orders.get(i), lines(i, skus))))
                .toList()).awaitCompletion();
        awaitEvents(keys, "processflow.inventory.committed");

        for (String sku : skus) {
            int sold = IntStream.range(0, ORDERS).map(i -> List.of(lines(i, skus)).stream()
                    .filter(l -> l.sku().equals(sku)).mapToInt(OrderLine::quantity).sum()).sum();
            assertThat(product(sku).getInt("onHand")).as("onHand of " + sku).isEqualTo(STOCK - sold);
            assertThat(product(sku).getInt("reserved")).as("reserved of " + sku).isZero();
        }
        assertThat(batches("split")).isEqualTo(splitBefore);
        assertThat(batches("committed")).isGreaterThan(committedBefore);
    }

    /** Two or three lines per order, starting at a different product each time, so orders overlap crosswise. */
    private static OrderLine[] lines(int order, List<String> skus) {
        int count = 2 + order % 2;
        return IntStream.range(0, count)
                .mapToObj(j -> line(skus.get((order + 3 * j) % skus.size()), 1 + (order + j) % 3))
                .toArray(OrderLine[]::new);
    }

    private void awaitEvents(Set<String> keys, String type) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> distinctEvents(inventory.matching(r -> keys.contains(r.key())
                        && type.equals(TestEvents.header(r, "ce_type")))).size() == keys.size());
    }

    private double batches(String outcome) {
        return registry.counter("processflow.events.batches", "outcome", outcome, "topic", "orders").count();
    }
}
