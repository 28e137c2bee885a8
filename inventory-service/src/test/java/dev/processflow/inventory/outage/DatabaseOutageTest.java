package dev.processflow.inventory.outage;

import static dev.processflow.inventory.InventoryFixtures.line;
import static dev.processflow.inventory.InventoryFixtures.newSku;
import static dev.processflow.inventory.InventoryFixtures.placed;
import static dev.processflow.inventory.InventoryFixtures.product;
import static dev.processflow.inventory.InventoryFixtures.putProduct;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.NetworkLink;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The database away, or hanging, while events arrive: nothing is dead-lettered, readiness says which delivery waits
 * for what, liveness stays up, and every event is applied once the database is back.
 */
@QuarkusTest
@TestProfile(DatabaseOutage.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(15);

    private final KafkaCompanion kafka = KafkaEngine.companion();
    private TopicWatch watch;

    NetworkLink database;

    @BeforeAll
    void watch() {
        watch = TopicWatch.of(kafka, "inventory", "orders.dlq");
    }

    @AfterAll
    void close() {
        watch.close();
        database.restore();
    }

    @Test
    void aDatabaseThatIsDownOrHangsMakesDeliveriesWaitNeverDeadLetters() {
        String sku = newSku();
        assertThat(putProduct(sku, 10)).isEqualTo(201);

        database.cut();
        UUID duringCut = UUID.randomUUID();
        publish(placed(duringCut, line(sku, 2)));
        awaitWaiting();
        sleep(OUTAGE);
        given().get("/q/health/live").then().statusCode(200);
        assertThat(deadLettered(duringCut)).isEmpty();
        database.restore();
        watch.await(TestEvents.ofType(EventType.INVENTORY_RESERVED, duringCut.toString()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        database.freeze();
        UUID duringFreeze = UUID.randomUUID();
        publish(placed(duringFreeze, line(sku, 3)));
        awaitWaiting();
        sleep(OUTAGE);
        given().get("/q/health/live").then().statusCode(200);
        database.restore();
        watch.await(TestEvents.ofType(EventType.INVENTORY_RESERVED, duringFreeze.toString()));

        assertThat(deadLettered(duringCut)).isEmpty();
        assertThat(deadLettered(duringFreeze)).isEmpty();
        JsonPath stock = product(sku);
        assertThat(stock.getInt("reserved")).isEqualTo(5);
        assertThat(stock.getInt("onHand")).isEqualTo(10);
    }

    private List<ConsumerRecord<String, String>> deadLettered(UUID orderId) {
        return watch.matching(r -> r.topic().equals("orders.dlq") && orderId.toString().equals(r.key()));
    }

    private void publish(CloudEvent<OrderPlaced> event) {
        kafka.produceStrings().fromRecords(List.of(TestEvents.record(event))).awaitCompletion();
    }

    private static void awaitWaiting() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'event deliveries waiting for a dependency' }.status",
                        org.hamcrest.Matchers.equalTo("DOWN")));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
