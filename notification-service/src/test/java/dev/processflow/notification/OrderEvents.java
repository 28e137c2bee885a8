package dev.processflow.notification;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderLine;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestUsers;
import io.restassured.path.json.JsonPath;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;

/** Order outcome events as order-service publishes them, addressed to a fresh mailbox per test. */
public final class OrderEvents {

    public static final List<OrderLine> TWO_LINES = List.of(
            new OrderLine("SKU-001", 2, Money.of(1250, "EUR")),
            new OrderLine("SKU-002", 1, Money.of(499, "EUR")));

    private OrderEvents() {
    }

    public static KafkaCompanion kafka() {
        return KafkaEngine.companion();
    }

    /** A recipient nobody else uses, so its mailbox holds exactly what this test caused. */
    public static String newAddress(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    public static CloudEvent<OrderConfirmed> confirmed(UUID orderId, String email, String name) {
        return CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_CONFIRMED, orderId.toString(),
                new OrderConfirmed(orderId, new Customer(TestUsers.ADA, email, name), TWO_LINES, Money.of(2999, "EUR"),
                        Instant.now()));
    }

    public static CloudEvent<OrderRejected> rejected(UUID orderId, String email, RejectionReason reason, String detail) {
        return CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_REJECTED, orderId.toString(),
                new OrderRejected(orderId, new Customer(TestUsers.GRACE, email, "Grace Hopper"), reason, detail,
                        Instant.now()));
    }

    public static CloudEvent<OrderPlaced> placed(UUID orderId, String email) {
        return CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_PLACED, orderId.toString(),
                new OrderPlaced(orderId, new Customer(TestUsers.ADA, email, "Ada Lovelace"), TWO_LINES, Money.of(2999, "EUR"),
                        "tok_visa", Instant.now()));
    }

    public static void publish(KafkaCompanion kafka, CloudEvent<?>... events) {
        kafka.produceStrings().fromRecords(Arrays.stream(events).map(TestEvents::record).toList()).awaitCompletion();
    }

    public static void publishRaw(KafkaCompanion kafka, ProducerRecord<String, String> record) {
        kafka.produceStrings().fromRecords(List.of(record)).awaitCompletion();
    }

    /**
     * Waits until GET /notifications?orderId= lists {@code count} notifications. The email reaches the mailbox a
     * moment before its notification is marked SENT, and only SENT or FAILED ones are listed.
     */
    public static JsonPath awaitNotifications(UUID orderId, int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> TestUsers.asAdmin().queryParam("orderId", orderId.toString()).get("/notifications")
                        .then().statusCode(200).extract().jsonPath(), json -> json.getList("$").size() >= count);
    }

    /** Whether the service recorded this event id in its dedupe log; safe to call from any thread. */
    public static boolean processed(EntityManager entityManager, UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !entityManager
                .createNativeQuery("SELECT 1 FROM processed_event WHERE event_id = ?1")
                .setParameter(1, eventId).getResultList().isEmpty());
    }
}
