package dev.processflow.order.outcome;

import static dev.processflow.order.OrderFixtures.order;
import static dev.processflow.order.OrderFixtures.shopper;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.inventory.InventoryRejected;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.inventory.UnavailableLine;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentCaptured;
import dev.processflow.events.payment.PaymentDeclined;
import dev.processflow.order.OrderFixtures;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The saga join and timeout, driven by real outcome events on the real broker. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutcomeJoinTest {

    private final KafkaCompanion kafka = OrderFixtures.kafka();
    private final String sku = OrderFixtures.newSku();
    private TopicWatch watch;
    private boolean published;

    @BeforeAll
    void watch() {
        watch = TopicWatch.of(kafka, "orders", "payments.dlq", "inventory.dlq", "notifications.dlq", "catalog.dlq");
    }

    @AfterAll
    void close() {
        watch.close();
    }

    @BeforeEach
    void catalog() {
        if (!published) {
            OrderFixtures.publishProducts(kafka, 1000, sku);
            published = true;
        }
    }

    @Test
    void bothOutcomesInAnyOrderConfirmOnce() {
        String id = place("tok_visa");
        send(reserved(id));
        assertStatus(id, "PENDING");
        CloudEvent<?> authorized = authorized(id);
        send(authorized);
        assertStatus(id, "CONFIRMED");
        ConsumerRecord<String, String> confirmed = watch.await(TestEvents.ofType(EventType.ORDER_CONFIRMED, id));
        assertThat(TestEvents.decode(confirmed).subject()).isEqualTo(id);

        send(authorized);
        send(declined(id));
        send(new CloudEvent<>(UUID.randomUUID(), Sources.PAYMENT_SERVICE, EventType.PAYMENT_CAPTURED, id,
                java.time.Instant.now(), new PaymentCaptured(UUID.fromString(id), UUID.randomUUID(), Money.of(1000, "EUR"))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(timelineTypes(id))
                .contains("processflow.payment.captured"));
        assertStatus(id, "CONFIRMED");
        assertThat(watch.matching(TestEvents.ofType(EventType.ORDER_CONFIRMED, id))).hasSize(1);
        assertThat(watch.matching(TestEvents.ofType(EventType.ORDER_REJECTED, id))).isEmpty();
        List<String> types = timelineTypes(id);
        assertThat(types).startsWith("processflow.order.placed");
        assertThat(types.stream().filter("processflow.payment.authorized"::equals)).hasSize(1);
        assertThat(types).containsSubsequence("processflow.inventory.reserved", "processflow.payment.authorized",
                "processflow.order.confirmed");
    }

    @Test
    void declinedPaymentRejectsAndLateReservationChangesNothing() {
        String id = place("tok_chargeDeclined");
        send(declined(id));
        assertStatus(id, "REJECTED");
        asAdmin().get("/orders/" + id).then().body("rejectionReason", org.hamcrest.Matchers.equalTo("PAYMENT_DECLINED"));
        OrderRejected rejected = (OrderRejected) TestEvents.decode(
                watch.await(TestEvents.ofType(EventType.ORDER_REJECTED, id))).data();
        assertThat(rejected.reason()).isEqualTo(RejectionReason.PAYMENT_DECLINED);
        assertThat(rejected.detail()).contains("card_declined");

        send(reserved(id));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(timelineTypes(id))
                .contains("processflow.inventory.reserved"));
        assertStatus(id, "REJECTED");
        assertThat(watch.matching(TestEvents.ofType(EventType.ORDER_REJECTED, id))).hasSize(1);
        assertThat(watch.matching(TestEvents.ofType(EventType.ORDER_CONFIRMED, id))).isEmpty();
    }

    @Test
    void outOfStockRejectsWithTheUnavailableLines() {
        String id = place("tok_visa");
        send(authorized(id));
        send(new CloudEvent<>(UUID.randomUUID(), Sources.INVENTORY_SERVICE, EventType.INVENTORY_REJECTED, id,
                java.time.Instant.now(), new InventoryRejected(UUID.fromString(id),
                        List.of(new UnavailableLine(sku, 1, 0)))));
        assertStatus(id, "REJECTED");
        asAdmin().get("/orders/" + id).then()
                .body("rejectionReason", org.hamcrest.Matchers.equalTo("OUT_OF_STOCK"))
                .body("rejectionDetail", org.hamcrest.Matchers.containsString(sku));
    }

    @Test
    void missingOutcomeTimesOutOnceWithReasonTimeout() {
        String id = place("tok_visa");
        send(authorized(id));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertStatus(id, "REJECTED"));
        asAdmin().get("/orders/" + id).then().body("rejectionReason", org.hamcrest.Matchers.equalTo("TIMEOUT"));
        OrderRejected rejected = (OrderRejected) TestEvents.decode(
                watch.await(TestEvents.ofType(EventType.ORDER_REJECTED, id))).data();
        assertThat(rejected.reason()).isEqualTo(RejectionReason.TIMEOUT);
        assertThat(rejected.detail()).contains("inventory");

        send(reserved(id));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(timelineTypes(id))
                .contains("processflow.inventory.reserved"));
        assertStatus(id, "REJECTED");
        assertThat(watch.matching(TestEvents.ofType(EventType.ORDER_REJECTED, id))).hasSize(1);
    }

    @Test
    void poisonRecordsAreDeadLetteredAndTheFlowGoesOn() {
        kafka.produceStrings().fromRecords(List.of(
                TestEvents.raw("payments", "k1", "this is not json", "ce_specversion", "1.0", "ce_id",
                        UUID.randomUUID().toString(), "ce_source", "/x", "ce_type", "processflow.payment.authorized",
                        "ce_subject", "k1", "ce_time", "2026-01-01T00:00:00Z"),
                TestEvents.raw("payments", "k2", "{\"orderId\": 42}", "ce_specversion", "1.0", "ce_id",
                        UUID.randomUUID().toString(), "ce_source", "/x", "ce_type", "processflow.payment.authorized",
                        "ce_subject", "k2", "ce_time", "2026-01-01T00:00:00Z"),
                TestEvents.raw("inventory", "k3", "{}", "ce_specversion", "1.0", "ce_id",
                        UUID.randomUUID().toString(), "ce_source", "/x", "ce_type", "processflow.inventory.teleported",
                        "ce_subject", "k3", "ce_time", "2026-01-01T00:00:00Z"),
                TestEvents.raw("notifications", "k4", "{\"no\": \"headers\"}"),
                TestEvents.raw("catalog", "k5", "{\"sku\": \"k5\"}", "ce_specversion", "1.0", "ce_id",
                        UUID.randomUUID().toString(), "ce_source", "/x", "ce_type", "processflow.catalog.product-upserted",
                        "ce_subject", "k5", "ce_time", "2026-01-01T00:00:00Z"))).awaitCompletion();

        for (String[] expected : new String[][] {{"payments.dlq", "k1"}, {"payments.dlq", "k2"}, {"inventory.dlq", "k3"},
                {"notifications.dlq", "k4"}, {"catalog.dlq", "k5"}}) {
            ConsumerRecord<String, String> dead = watch.await(r -> r.topic().equals(expected[0]) && expected[1].equals(r.key()));
            assertThat(TestEvents.header(dead, "dead-letter-reason")).isNotBlank();
        }
        String id = place("tok_visa");
        send(reserved(id));
        send(authorized(id));
        assertStatus(id, "CONFIRMED");
    }

    @Test
    void onePollOfGoodDuplicateAndPoisonRecordsAppliesEachGoodEventOnceAndDeadLettersOnlyThePoison() {
        String first = place("tok_visa");
        String second = place("tok_visa");
        CloudEvent<?> firstAuthorized = authorized(first);
        String unknownOrder = UUID.randomUUID().toString();
        // One partition, one producer call: the consumer reads them in one poll, so the poll's transaction fails on
        // the poison and the unknown order, and the good events must still apply, once each, one by one.
        kafka.produceStrings().fromRecords(List.of(
                onPartitionZero(TestEvents.record(firstAuthorized)),
                onPartitionZero(TestEvents.raw("payments", "poison-" + first, "this is not json", "ce_specversion",
                        "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/x", "ce_type",
                        "processflow.payment.authorized", "ce_subject", first, "ce_time", "2026-01-01T00:00:00Z")),
                onPartitionZero(TestEvents.record(authorized(unknownOrder))),
                onPartitionZero(TestEvents.record(firstAuthorized)),
                onPartitionZero(TestEvents.record(authorized(second))))).awaitCompletion();
        send(reserved(first));
        send(reserved(second));

        assertStatus(first, "CONFIRMED");
        assertStatus(second, "CONFIRMED");
        assertThat(timelineTypes(first).stream().filter("processflow.payment.authorized"::equals)).hasSize(1);
        watch.await(r -> r.topic().equals("payments.dlq") && ("poison-" + first).equals(r.key()));
        ConsumerRecord<String, String> unknown = watch.await(
                r -> r.topic().equals("payments.dlq") && unknownOrder.equals(r.key()));
        assertThat(TestEvents.header(unknown, "dead-letter-reason")).contains("unknown order");
        assertThat(watch.matching(r -> r.topic().equals("payments.dlq")
                && (first.equals(r.key()) || second.equals(r.key())))).isEmpty();
        assertThat(watch.matching(TestEvents.ofType(EventType.ORDER_CONFIRMED, first))).hasSize(1);
    }

    @Test
    void onePollHoldingAnEventTwiceAndOneAlreadyAppliedAppliesEachOnce() {
        String first = place("tok_visa");
        String second = place("tok_visa");
        CloudEvent<?> firstAuthorized = authorized(first);
        send(firstAuthorized);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> timelineTypes(first).contains("processflow.payment.authorized"));
        CloudEvent<?> secondAuthorized = authorized(second);
        // One partition, one producer call: one poll, so its ids enter the dedupe log together.
        kafka.produceStrings().fromRecords(List.of(
                onPartitionZero(TestEvents.record(firstAuthorized)),
                onPartitionZero(TestEvents.record(secondAuthorized)),
                onPartitionZero(TestEvents.record(secondAuthorized)),
                onPartitionZero(TestEvents.record(reserved(first))),
                onPartitionZero(TestEvents.record(reserved(second))))).awaitCompletion();

        assertStatus(first, "CONFIRMED");
        assertStatus(second, "CONFIRMED");
        assertThat(timelineTypes(first).stream().filter("processflow.payment.authorized"::equals)).hasSize(1);
        assertThat(timelineTypes(second).stream().filter("processflow.payment.authorized"::equals)).hasSize(1);
        watch.await(TestEvents.ofType(EventType.ORDER_CONFIRMED, first));
        watch.await(TestEvents.ofType(EventType.ORDER_CONFIRMED, second));
        assertThat(watch.matching(TestEvents.ofType(EventType.ORDER_CONFIRMED, first))).hasSize(1);
        assertThat(watch.matching(TestEvents.ofType(EventType.ORDER_CONFIRMED, second))).hasSize(1);
    }

    private static ProducerRecord<String, String> onPartitionZero(ProducerRecord<String, String> record) {
        return new ProducerRecord<>(record.topic(), 0, record.key(), record.value(), record.headers());
    }

    private String place(String token) {
        return shopper("join@example.com").contentType(ContentType.JSON).body(order(sku, 1, token))
                .post("/orders").then().statusCode(202).extract().path("id");
    }

    private void send(CloudEvent<?> event) {
        kafka.produceStrings().fromRecords(TestEvents.record(event)).awaitCompletion();
    }

    private void assertStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(asAdmin().get("/orders/" + id).then().statusCode(200).extract().<String>path("status"))
                        .isEqualTo(status));
    }

    private List<String> timelineTypes(String id) {
        return asAdmin().get("/orders/" + id).then().statusCode(200).extract().path("timeline.type");
    }

    private CloudEvent<?> authorized(String id) {
        return CloudEvent.create(Sources.PAYMENT_SERVICE, EventType.PAYMENT_AUTHORIZED, id,
                new PaymentAuthorized(UUID.fromString(id), UUID.randomUUID(), Money.of(1000, "EUR"), "visa", "4242"));
    }

    private CloudEvent<?> declined(String id) {
        return CloudEvent.create(Sources.PAYMENT_SERVICE, EventType.PAYMENT_DECLINED, id,
                new PaymentDeclined(UUID.fromString(id), "card_declined", "The card was declined."));
    }

    private CloudEvent<?> reserved(String id) {
        return CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.INVENTORY_RESERVED, id,
                new InventoryReserved(UUID.fromString(id), List.of(new StockLine(sku, 1))));
    }
}
