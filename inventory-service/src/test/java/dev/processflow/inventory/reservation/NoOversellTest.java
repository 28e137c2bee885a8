package dev.processflow.inventory.reservation;

import static dev.processflow.inventory.InventoryFixtures.distinctEvents;
import static dev.processflow.inventory.InventoryFixtures.line;
import static dev.processflow.inventory.InventoryFixtures.newSku;
import static dev.processflow.inventory.InventoryFixtures.onPartition;
import static dev.processflow.inventory.InventoryFixtures.placed;
import static dev.processflow.inventory.InventoryFixtures.product;
import static dev.processflow.inventory.InventoryFixtures.putProduct;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.inventory.InventoryRejected;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.inventory.UnavailableLine;
import dev.processflow.inventory.reservation.StockReservations.Outcome;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Invariant 2: per SKU, no more is ever reserved than is on hand, however many orders race for it. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoOversellTest {

    private static final int STOCK = 50;
    private static final int ORDERS = 200;

    private final KafkaCompanion kafka = KafkaEngine.companion();
    private TopicWatch inventory;

    @Inject
    StockReservations reservations;

    @Inject
    EntityManager entityManager;

    @BeforeAll
    void watch() {
        inventory = TopicWatch.of(kafka, "inventory");
    }

    @AfterAll
    void close() {
        inventory.close();
    }

    @Test
    void twoHundredOrdersOverKafkaReserveExactlyTheFiftyInStock() throws Exception {
        String sku = newSku();
        putProduct(sku, STOCK);
        List<UUID> orders = IntStream.range(0, ORDERS).mapToObj(i -> UUID.randomUUID()).toList();
        Set<String> keys = orders.stream().map(UUID::toString).collect(Collectors.toSet());

        try (StockSampler sampler = new StockSampler(sku)) {
            // Spread over all three partitions, so the three consumers of the channel reserve in parallel.
            kafka.produceStrings().fromRecords(IntStream.range(0, ORDERS)
                    .mapToObj(i -> onPartition(i % 3, placed(orders.get(i), line(sku, 1))))
                    .toList()).awaitCompletion();
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> distinctEvents(inventory.matching(r -> keys.contains(r.key()))).size() >= ORDERS);
            sampler.assertNeverOversold();
        }

        List<ConsumerRecord<String, String>> outcomes = distinctEvents(inventory.matching(r -> keys.contains(r.key())));
        assertThat(outcomes).hasSize(ORDERS);
        assertThat(outcomes.stream().map(ConsumerRecord::key).distinct()).hasSize(ORDERS);
        Map<String, List<Object>> byType = outcomes.stream().collect(Collectors.groupingBy(
                r -> TestEvents.header(r, "ce_type"), Collectors.mapping(r -> TestEvents.decode(r).data(),
                        Collectors.toList())));
        assertThat(byType.get("processflow.inventory.reserved")).hasSize(STOCK)
                .allSatisfy(e -> assertThat(((InventoryReserved) e).lines()).containsExactly(new StockLine(sku, 1)));
        assertThat(byType.get("processflow.inventory.rejected")).hasSize(ORDERS - STOCK)
                .allSatisfy(e -> assertThat(((InventoryRejected) e).unavailable())
                        .containsExactly(new UnavailableLine(sku, 1, 0)));
        assertSoldOut(sku, orders);
    }

    @Test
    void twoHundredDirectCallsFromManyThreadsReserveExactlyTheFiftyInStock() throws Exception {
        String sku = newSku();
        putProduct(sku, STOCK);
        List<UUID> orders = IntStream.range(0, ORDERS).mapToObj(i -> UUID.randomUUID()).toList();
        List<CloudEvent<?>> events = orders.stream().<CloudEvent<?>>map(id -> placed(id, line(sku, 1))).toList();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> calls = new ArrayList<>();

        try (StockSampler sampler = new StockSampler(sku)) {
            for (CloudEvent<?> event : events) {
                calls.add(threads.submit(() -> {
                    start.await();
                    return reservations.apply(event);
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> call : calls) {
                outcomes.add(call.get(3, TimeUnit.MINUTES));
            }
            sampler.assertNeverOversold();

            Map<Outcome, Long> counts = outcomes.stream().collect(Collectors.groupingBy(Function.identity(),
                    Collectors.counting()));
            assertThat(counts).containsOnly(Map.entry(Outcome.RESERVED, (long) STOCK),
                    Map.entry(Outcome.REJECTED, (long) (ORDERS - STOCK)));
        } finally {
            threads.shutdownNow();
        }
        assertSoldOut(sku, orders);
    }

    private void assertSoldOut(String sku, List<UUID> orders) {
        JsonPath product = product(sku);
        assertThat(product.getInt("onHand")).isEqualTo(STOCK);
        assertThat(product.getInt("reserved")).isEqualTo(STOCK);
        assertThat(product.getInt("available")).isZero();
        Map<String, Long> statuses = QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                "select r.status, count(r) from Reservation r where r.orderId in :orders group by r.status",
                Object[].class).setParameter("orders", orders).getResultList().stream()
                .collect(Collectors.toMap(row -> row[0].toString(), row -> (Long) row[1])));
        assertThat(statuses).containsOnly(Map.entry("HELD", (long) STOCK), Map.entry("REJECTED", (long) (ORDERS - STOCK)));
        Long heldUnits = QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                "select sum(l.quantity) from Reservation r join r.lines l where r.orderId in :orders and r.status = :held",
                Long.class).setParameter("orders", orders)
                .setParameter("held", Reservation.Status.HELD).getSingleResult());
        assertThat(heldUnits).isEqualTo(product.getInt("reserved"));
    }

    /** Reads the product over the API while orders race, recording the lowest availability it ever shows. */
    private static final class StockSampler implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger lowestAvailable = new AtomicInteger(Integer.MAX_VALUE);
        private final AtomicInteger highestReserved = new AtomicInteger(Integer.MIN_VALUE);
        private final AtomicInteger samples = new AtomicInteger();
        private final Thread thread;

        StockSampler(String sku) {
            thread = new Thread(() -> {
                while (running.get()) {
                    JsonPath product = given().get("/products/" + sku).then().extract().jsonPath();
                    lowestAvailable.accumulateAndGet(product.getInt("available"), Math::min);
                    highestReserved.accumulateAndGet(product.getInt("reserved"), Math::max);
                    samples.incrementAndGet();
                }
            }, "stock-sampler");
            thread.start();
        }

        void assertNeverOversold() throws InterruptedException {
            close();
            assertThat(samples.get()).as("samples taken").isPositive();
            assertThat(lowestAvailable.get()).as("lowest available seen").isGreaterThanOrEqualTo(0);
            assertThat(highestReserved.get()).as("highest reserved seen").isLessThanOrEqualTo(STOCK);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
