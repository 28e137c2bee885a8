package dev.processflow.inventory.reservation;

import static dev.processflow.inventory.InventoryFixtures.confirmed;
import static dev.processflow.inventory.InventoryFixtures.line;
import static dev.processflow.inventory.InventoryFixtures.newSku;
import static dev.processflow.inventory.InventoryFixtures.onPartition;
import static dev.processflow.inventory.InventoryFixtures.placed;
import static dev.processflow.inventory.InventoryFixtures.product;
import static dev.processflow.inventory.InventoryFixtures.putProduct;
import static dev.processflow.inventory.InventoryFixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.inventory.InventoryCommitted;
import dev.processflow.events.inventory.InventoryRejected;
import dev.processflow.events.inventory.InventoryReleased;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.inventory.UnavailableLine;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.inventory.InventoryFixtures;
import dev.processflow.inventory.reservation.StockReservations.Outcome;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReservationFlowTest {

    private final KafkaCompanion kafka = KafkaEngine.companion();
    private TopicWatch inventory;
    private TopicWatch catalog;
    private TopicWatch deadLetters;

    @Inject
    StockReservations reservations;

    @BeforeAll
    void watch() {
        inventory = TopicWatch.of(kafka, "inventory");
        catalog = TopicWatch.of(kafka, "catalog");
        deadLetters = TopicWatch.of(kafka, "orders.dlq");
    }

    @AfterAll
    void close() {
        inventory.close();
        catalog.close();
        deadLetters.close();
    }

    private void send(CloudEvent<?>... events) {
        kafka.produceStrings().fromRecords(Arrays.stream(events).map(TestEvents::record).toList())
                .awaitCompletion();
    }

    @SafeVarargs
    private void sendInOrder(ProducerRecord<String, String>... records) {
        kafka.produceStrings().fromRecords(List.of(records)).awaitCompletion();
    }

    private Object awaitEvent(EventType type, UUID orderId) {
        return TestEvents.decode(inventory.await(TestEvents.ofType(type, orderId.toString()))).data();
    }

    private List<ConsumerRecord<String, String>> inventoryEventsOf(UUID orderId) {
        return InventoryFixtures.distinctEvents(inventory.matching(r -> orderId.toString().equals(r.key())));
    }

    /** Waits until the consumer passed a sentinel order sent last on partition 0, i.e. handled all before it. */
    private void awaitSentinel(UUID sentinel) {
        inventory.await(TestEvents.ofType(EventType.INVENTORY_RESERVED, sentinel.toString()));
    }

    private static void assertStock(String sku, int onHand, int reserved) {
        JsonPath product = product(sku);
        assertThat(product.getInt("onHand")).as("onHand of " + sku).isEqualTo(onHand);
        assertThat(product.getInt("reserved")).as("reserved of " + sku).isEqualTo(reserved);
        assertThat(product.getInt("available")).as("available of " + sku).isEqualTo(onHand - reserved);
    }

    private static String status(UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Reservation reservation = Reservation.findById(orderId);
            return reservation == null ? null : reservation.status.name();
        });
    }

    @Test
    void oneShortLineReservesNothingAndNamesWhatIsMissing() {
        String plenty = newSku();
        String scarce = newSku();
        String unknown = newSku();
        putProduct(plenty, 5);
        putProduct(scarce, 2);
        UUID order = UUID.randomUUID();

        send(placed(order, line(plenty, 3), line(scarce, 3), line(unknown, 1)));

        InventoryRejected rejection = (InventoryRejected) awaitEvent(EventType.INVENTORY_REJECTED, order);
        assertThat(rejection.orderId()).isEqualTo(order);
        assertThat(rejection.unavailable()).containsExactlyInAnyOrder(
                new UnavailableLine(scarce, 3, 2), new UnavailableLine(unknown, 1, 0));
        assertStock(plenty, 5, 0);
        assertStock(scarce, 2, 0);
        assertThat(status(order)).isEqualTo("REJECTED");
        assertThat(inventoryEventsOf(order)).extracting(r -> TestEvents.header(r, "ce_type"))
                .containsExactly("processflow.inventory.rejected");

        assertThat(reservations.apply(rejected(order, RejectionReason.OUT_OF_STOCK))).isEqualTo(Outcome.IGNORED);
        assertStock(plenty, 5, 0);
        assertThat(status(order)).isEqualTo("REJECTED");
    }

    @Test
    void confirmedOrderCommitsItsReservation() {
        String sku = newSku();
        String other = newSku();
        putProduct(sku, 10);
        putProduct(other, 4);
        UUID order = UUID.randomUUID();

        send(placed(order, line(sku, 3), line(other, 4)));

        InventoryReserved reserved = (InventoryReserved) awaitEvent(EventType.INVENTORY_RESERVED, order);
        assertThat(reserved.lines()).containsExactlyInAnyOrder(new StockLine(sku, 3), new StockLine(other, 4));
        assertStock(sku, 10, 3);
        assertStock(other, 4, 4);
        catalog.await(r -> InventoryFixtures.announces(r, sku, 7));
        catalog.await(r -> InventoryFixtures.announces(r, other, 0));
        assertThat(status(order)).isEqualTo("HELD");

        send(confirmed(order, line(sku, 3), line(other, 4)));

        InventoryCommitted committed = (InventoryCommitted) awaitEvent(EventType.INVENTORY_COMMITTED, order);
        assertThat(committed.lines()).containsExactlyInAnyOrder(new StockLine(sku, 3), new StockLine(other, 4));
        assertStock(sku, 7, 0);
        assertStock(other, 0, 0);
        assertThat(status(order)).isEqualTo("COMMITTED");
    }

    @Test
    void rejectedOrderReleasesItsReservation() {
        String sku = newSku();
        putProduct(sku, 10);
        UUID order = UUID.randomUUID();

        send(placed(order, line(sku, 6)));
        awaitEvent(EventType.INVENTORY_RESERVED, order);
        assertStock(sku, 10, 6);
        catalog.await(r -> InventoryFixtures.announces(r, sku, 4));

        send(rejected(order, RejectionReason.PAYMENT_DECLINED));

        InventoryReleased released = (InventoryReleased) awaitEvent(EventType.INVENTORY_RELEASED, order);
        assertThat(released.lines()).containsExactly(new StockLine(sku, 6));
        assertStock(sku, 10, 0);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> InventoryFixtures.distinctEvents(
                        catalog.matching(r -> InventoryFixtures.announces(r, sku, 10))).size() == 2);
        assertThat(status(order)).isEqualTo("RELEASED");
    }

    @Test
    void everyEventTypeDeliveredTwiceThroughKafkaHasOneEffect() {
        String sku = newSku();
        String sentinelSku = newSku();
        putProduct(sku, 10);
        putProduct(sentinelSku, 1);
        UUID kept = UUID.randomUUID();
        UUID dropped = UUID.randomUUID();
        UUID sentinel = UUID.randomUUID();
        CloudEvent<?> placedKept = placed(kept, line(sku, 2));
        CloudEvent<?> confirmedKept = confirmed(kept, line(sku, 2));
        CloudEvent<?> placedDropped = placed(dropped, line(sku, 3));
        CloudEvent<?> rejectedDropped = rejected(dropped, RejectionReason.TIMEOUT);

        sendInOrder(onPartition(0, placedKept), onPartition(0, placedKept),
                onPartition(0, confirmedKept), onPartition(0, confirmedKept),
                onPartition(0, placedDropped), onPartition(0, placedDropped),
                onPartition(0, rejectedDropped), onPartition(0, rejectedDropped),
                onPartition(0, placed(sentinel, line(sentinelSku, 1))));
        awaitSentinel(sentinel);

        assertStock(sku, 8, 0);
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() ->
                inventoryEventsOf(kept).size() == 2 && inventoryEventsOf(dropped).size() == 2);
        assertThat(inventoryEventsOf(kept)).extracting(r -> TestEvents.header(r, "ce_type"))
                .containsExactlyInAnyOrder("processflow.inventory.reserved", "processflow.inventory.committed");
        assertThat(inventoryEventsOf(dropped)).extracting(r -> TestEvents.header(r, "ce_type"))
                .containsExactlyInAnyOrder("processflow.inventory.reserved", "processflow.inventory.released");
    }

    @Test
    void everyEventTypeAppliedTwiceDirectlyHasOneEffect() {
        String sku = newSku();
        putProduct(sku, 10);
        UUID kept = UUID.randomUUID();
        UUID dropped = UUID.randomUUID();
        CloudEvent<?> placedKept = placed(kept, line(sku, 2));
        CloudEvent<?> confirmedKept = confirmed(kept, line(sku, 2));
        CloudEvent<?> placedDropped = placed(dropped, line(sku, 3));
        CloudEvent<?> rejectedDropped = rejected(dropped, RejectionReason.PAYMENT_DECLINED);

        assertThat(reservations.apply(placedKept)).isEqualTo(Outcome.RESERVED);
        assertThat(reservations.apply(placedKept)).isEqualTo(Outcome.DUPLICATE);
        assertStock(sku, 10, 2);
        assertThat(reservations.apply(confirmedKept)).isEqualTo(Outcome.COMMITTED);
        assertThat(reservations.apply(confirmedKept)).isEqualTo(Outcome.DUPLICATE);
        assertStock(sku, 8, 0);
        assertThat(reservations.apply(placedDropped)).isEqualTo(Outcome.RESERVED);
        assertThat(reservations.apply(placedDropped)).isEqualTo(Outcome.DUPLICATE);
        assertStock(sku, 8, 3);
        assertThat(reservations.apply(rejectedDropped)).isEqualTo(Outcome.RELEASED);
        assertThat(reservations.apply(rejectedDropped)).isEqualTo(Outcome.DUPLICATE);
        assertStock(sku, 8, 0);

        CloudEvent<?> placedAgainWithNewId = placed(kept, line(sku, 2));
        assertThat(reservations.apply(placedAgainWithNewId)).isEqualTo(Outcome.IGNORED);
        assertThat(reservations.apply(confirmed(kept, line(sku, 2)))).isEqualTo(Outcome.IGNORED);
        assertThat(reservations.apply(rejected(dropped, RejectionReason.PAYMENT_DECLINED))).isEqualTo(Outcome.IGNORED);
        assertStock(sku, 8, 0);
    }

    @Test
    void rejectionBeforePlacementLeavesATombstoneThatReservesNothing() {
        String sku = newSku();
        String sentinelSku = newSku();
        putProduct(sku, 5);
        putProduct(sentinelSku, 1);
        UUID overtaken = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        UUID sentinel = UUID.randomUUID();

        sendInOrder(onPartition(0, rejected(overtaken, RejectionReason.TIMEOUT)),
                onPartition(0, placed(overtaken, line(sku, 2))),
                onPartition(0, confirmed(unknown, line(sku, 1))),
                onPartition(0, placed(sentinel, line(sentinelSku, 1))));
        awaitSentinel(sentinel);

        assertStock(sku, 5, 0);
        assertThat(status(overtaken)).isEqualTo("TOMBSTONE");
        assertThat(status(unknown)).isEqualTo("TOMBSTONE");
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() ->
                inventoryEventsOf(overtaken).isEmpty() && inventoryEventsOf(unknown).isEmpty());

        UUID direct = UUID.randomUUID();
        assertThat(reservations.apply(rejected(direct, RejectionReason.TIMEOUT))).isEqualTo(Outcome.IGNORED);
        assertThat(reservations.apply(placed(direct, line(sku, 5)))).isEqualTo(Outcome.IGNORED);
        assertStock(sku, 5, 0);
        assertThat(status(direct)).isEqualTo("TOMBSTONE");
    }

    @Test
    void poisonRecordsAreDeadLetteredAndConsumptionGoesOn() {
        String sku = newSku();
        putProduct(sku, 3);
        UUID order = UUID.randomUUID();
        String key = order.toString();
        String now = Instant.now().toString();
        CloudEvent<?> notForInventory = CloudEvent.create(Sources.PAYMENT_SERVICE, EventType.PAYMENT_AUTHORIZED, key,
                new PaymentAuthorized(order, UUID.randomUUID(), Money.of(100, "EUR"), "visa", "4242"));
        ProducerRecord<String, String> payment = TestEvents.record(notForInventory);

        sendInOrder(
                poison(key, "this is not json {", "processflow.order.placed", now),
                poison(key, "{\"orderId\": \"" + key + "\", \"items\": \"many\"}", "processflow.order.placed", now),
                poison(key, "{}", "processflow.order.teleported", now),
                new ProducerRecord<>("orders", 0, key, "{\"orderId\": \"" + key + "\"}"),
                new ProducerRecord<>("orders", 0, key, payment.value(), payment.headers()),
                onPartition(0, placed(order, line(sku, 1))));

        awaitEvent(EventType.INVENTORY_RESERVED, order);
        assertStock(sku, 3, 1);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLetteredOffsets(key).size() >= 5);
        assertThat(deadLetteredOffsets(key)).hasSize(5);
        List<ConsumerRecord<String, String>> dead = deadLetters.matching(r -> key.equals(r.key()));
        assertThat(dead).allSatisfy(r -> assertThat(TestEvents.header(r, "dead-letter-reason")).isNotBlank());
        assertThat(dead).extracting(ConsumerRecord::value).contains("this is not json {", "{}", payment.value());
        assertThat(dead).extracting(r -> TestEvents.header(r, "dead-letter-reason"))
                .anySatisfy(reason -> assertThat(reason).contains("unknown event type"))
                .anySatisfy(reason -> assertThat(reason).contains("processflow.payment.authorized travels on payments, not on orders"));

        assertThatThrownBy(() -> reservations.apply(notForInventory)).isInstanceOf(MalformedEventException.class);
    }

    /** Offsets in orders of the records dead-lettered under a key; a redelivered poison record counts once. */
    private Set<String> deadLetteredOffsets(String key) {
        return deadLetters.matching(r -> key.equals(r.key())).stream()
                .map(r -> TestEvents.header(r, "dead-letter-offset"))
                .collect(Collectors.toSet());
    }

    private static ProducerRecord<String, String> poison(String key, String value, String type, String time) {
        ProducerRecord<String, String> record = TestEvents.raw("orders", key, value,
                "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/test",
                "ce_type", type, "ce_subject", key, "ce_time", time, "content-type", "application/json");
        return new ProducerRecord<>(record.topic(), 0, record.key(), record.value(), record.headers());
    }
}
