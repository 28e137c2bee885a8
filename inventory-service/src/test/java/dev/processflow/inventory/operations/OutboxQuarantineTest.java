package dev.processflow.inventory.operations;

import static dev.processflow.inventory.InventoryFixtures.newSku;
import static dev.processflow.inventory.InventoryFixtures.putProduct;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.processflow.events.EventType;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestIssuer;
import dev.processflow.testsupport.TopicWatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An outbox row the broker refuses for good is moved aside with the broker's reason and the events behind it still
 * leave; an operator inspects, drops or re-publishes quarantined rows, and a re-published row leaves once.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxQuarantineTest {

    private final KafkaCompanion kafka = KafkaEngine.companion();
    private final String admin = TestIssuer.users().admin("operator");
    private TopicWatch watch;

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    void watch() {
        watch = TopicWatch.of(kafka, "catalog", "inventory");
    }

    @AfterAll
    void close() {
        watch.close();
    }

    @Test
    void aRecordTooLargeIsQuarantinedAndTheStreamGoesOnThenItIsDropped() {
        double quarantinedBefore = registry.counter("processflow.outbox.quarantined").count();
        UUID tooLarge = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        waiting(tooLarge, orderId, "{\"orderId\": \"" + orderId + "\", \"lines\": [], \"padding\": \""
                + "x".repeat(2 * 1024 * 1024) + "\"}");
        String sku = newSku();
        assertThat(putProduct(sku, 5)).isEqualTo(201);

        watch.await(TestEvents.ofType(EventType.CATALOG_PRODUCT_UPSERTED, sku));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin)
                .get("/admin/outbox/quarantine/" + tooLarge).then().statusCode(200)
                .body("topic", equalTo("inventory"))
                .body("reason", startsWith("record too large")));
        assertThat(registry.counter("processflow.outbox.quarantined").count()).isEqualTo(quarantinedBefore + 1);
        given().auth().oauth2(admin).get("/admin/outbox").then().statusCode(200)
                .body("quarantined", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        given().auth().oauth2(admin).delete("/admin/outbox/quarantine/" + tooLarge).then().statusCode(204);
        given().auth().oauth2(admin).get("/admin/outbox/quarantine/" + tooLarge).then().statusCode(404);
        assertThat(watch.matching(r -> tooLarge.toString().equals(TestEvents.header(r, "ce_id")))).isEmpty();
    }

    @Test
    void aRepublishedRowLeavesOnce() {
        UUID eventId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        quarantined(eventId, orderId,
                "{\"orderId\": \"" + orderId + "\", \"lines\": [{\"sku\": \"SKU-1\", \"quantity\": 1}]}");

        given().auth().oauth2(admin).post("/admin/outbox/quarantine/" + eventId + "/republish").then().statusCode(202);
        watch.await(TestEvents.ofType(EventType.INVENTORY_RELEASED, orderId.toString()));
        given().auth().oauth2(admin).post("/admin/outbox/quarantine/" + eventId + "/republish").then().statusCode(404);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> watch.matching(
                r -> eventId.toString().equals(TestEvents.header(r, "ce_id"))).size() == 1);
    }

    @Test
    void theQuarantineIsForOperatorsOnly() {
        given().get("/admin/outbox/quarantine").then().statusCode(401);
        String customer = TestIssuer.users().customer("ada", "ada@example.com", "Ada Lovelace");
        given().auth().oauth2(customer).get("/admin/outbox/quarantine").then().statusCode(403);
        given().auth().oauth2(customer).post("/admin/outbox/quarantine/" + UUID.randomUUID() + "/republish").then()
                .statusCode(403);
        given().auth().oauth2(admin).get("/admin/outbox/quarantine").then().statusCode(200);
    }

    /** An inventory.released event of this order, waiting in the outbox. */
    private void waiting(UUID eventId, UUID orderId, String payload) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                INSERT INTO outbox_event (event_id, topic, event_key, type, source, subject, event_time, payload)
                VALUES (?1, 'inventory', ?2, 'processflow.inventory.released', '/processflow/inventory-service', ?2,
                        ?3, ?4)""")
                .setParameter(1, eventId)
                .setParameter(2, orderId.toString())
                .setParameter(3, Timestamp.from(Instant.now()))
                .setParameter(4, payload)
                .executeUpdate());
    }

    /** An inventory.released event of this order, quarantined while its topic did not exist. */
    private void quarantined(UUID eventId, UUID orderId, String payload) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                INSERT INTO outbox_quarantine (event_id, outbox_seq, topic, event_key, type, source, subject,
                                               event_time, payload, reason)
                VALUES (?1, 1, 'inventory', ?2, 'processflow.inventory.released', '/processflow/inventory-service',
                        ?2, ?3, ?4, 'topic inventory does not exist')""")
                .setParameter(1, eventId)
                .setParameter(2, orderId.toString())
                .setParameter(3, Timestamp.from(Instant.now()))
                .setParameter(4, payload)
                .executeUpdate());
    }
}
