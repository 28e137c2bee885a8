package dev.processflow.order.reconciliation;

import static dev.processflow.order.OrderFixtures.order;
import static dev.processflow.order.OrderFixtures.shopper;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.inventory.InventoryCommitted;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.notification.NotificationKind;
import dev.processflow.events.notification.NotificationSent;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentCaptured;
import dev.processflow.order.OrderFixtures;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestIssuer;
import dev.processflow.testsupport.TestUsers;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reconciliation of a decided order whose follow-ups do not come: its decision goes out again under its first event
 * id, with a timeline entry saying what was missing, until the follow-ups are there.
 */
@QuarkusTest
@TestProfile(FollowUpsTest.QuickReconciliation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowUpsTest {

    /** Follow-ups are checked two seconds after a decision, every second. */
    public static class QuickReconciliation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("processflow.reconciliation.follow-up-grace", "2s",
                    "processflow.reconciliation.interval", "1s");
        }
    }

    private final KafkaCompanion kafka = OrderFixtures.kafka();
    private final String sku = OrderFixtures.newSku();
    private TopicWatch watch;
    private boolean published;

    @Inject
    EntityManager entityManager;

    @BeforeAll
    void watch() {
        watch = TopicWatch.of(kafka, "orders");
    }

    @BeforeEach
    void catalog() {
        if (!published) {
            OrderFixtures.publishProducts(kafka, 1000, sku);
            published = true;
        }
    }

    @AfterAll
    void close() {
        watch.close();
    }

    @Test
    void aConfirmationWithoutItsFollowUpsIsAnnouncedAgainUntilTheyCome() {
        String id = shopper("recon@example.com").contentType(ContentType.JSON).body(order(sku, 1, "tok_visa"))
                .post("/orders").then().statusCode(202).extract().path("id");
        UUID orderId = UUID.fromString(id);
        send(CloudEvent.create(Sources.PAYMENT_SERVICE, EventType.PAYMENT_AUTHORIZED, id,
                new PaymentAuthorized(orderId, UUID.randomUUID(), Money.of(1000, "EUR"), "visa", "4242")));
        send(CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.INVENTORY_RESERVED, id,
                new InventoryReserved(orderId, List.of(new StockLine(sku, 1)))));
        ConsumerRecord<String, String> first = watch.await(TestEvents.ofType(EventType.ORDER_CONFIRMED, id));

        await().atMost(Duration.ofSeconds(30)).until(() -> confirmations(id).size() >= 2);
        ConsumerRecord<String, String> again = confirmations(id).get(1);
        assertThat(TestEvents.header(again, "ce_id")).isEqualTo(TestEvents.header(first, "ce_id"));
        assertThat(again.value()).isEqualTo(first.value());
        JsonPath order = TestUsers.asAdmin().get("/orders/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(order.getList("timeline.detail", String.class)).anyMatch(detail -> detail != null
                && detail.startsWith("reconciliation: processflow.inventory.committed, processflow.notification.sent, "
                        + "processflow.payment.captured missing"));

        send(CloudEvent.create(Sources.PAYMENT_SERVICE, EventType.PAYMENT_CAPTURED, id,
                new PaymentCaptured(orderId, UUID.randomUUID(), Money.of(1000, "EUR"))));
        send(CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.INVENTORY_COMMITTED, id,
                new InventoryCommitted(orderId, List.of(new StockLine(sku, 1)))));
        send(CloudEvent.create(Sources.NOTIFICATION_SERVICE, EventType.NOTIFICATION_SENT, id,
                new NotificationSent(orderId, UUID.randomUUID(), NotificationKind.CONFIRMATION, "recon@example.com")));
        await().atMost(Duration.ofSeconds(30)).until(() -> followUpDue(orderId) == null);
        int announced = confirmations(id).size();
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                .until(() -> confirmations(id).size() == announced);
    }

    @Test
    void operatorsRunTheSweepOnDemand() {
        given().auth().oauth2(TestIssuer.users().admin("operator")).post("/admin/sweeps/order-follow-ups").then()
                .statusCode(200).body("sweep", equalTo("order-follow-ups"));
        given().auth().oauth2(TestIssuer.users().customer("ada", "ada@example.com", "Ada Lovelace"))
                .post("/admin/sweeps/order-follow-ups").then().statusCode(403);
        given().post("/admin/sweeps/order-follow-ups").then().statusCode(401);
        given().auth().oauth2(TestIssuer.users().admin("operator")).post("/admin/sweeps/no-such-sweep").then()
                .statusCode(404);
    }

    private List<ConsumerRecord<String, String>> confirmations(String id) {
        return watch.matching(TestEvents.ofType(EventType.ORDER_CONFIRMED, id));
    }

    private Object followUpDue(UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT follow_up_due_at FROM orders WHERE id = ?1").setParameter(1, orderId).getSingleResult());
    }

    private void send(CloudEvent<?> event) {
        kafka.produceStrings().fromRecords(TestEvents.record(event)).awaitCompletion();
    }
}
