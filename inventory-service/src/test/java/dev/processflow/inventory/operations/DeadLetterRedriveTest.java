package dev.processflow.inventory.operations;

import static dev.processflow.inventory.InventoryFixtures.line;
import static dev.processflow.inventory.InventoryFixtures.newSku;
import static dev.processflow.inventory.InventoryFixtures.placed;
import static dev.processflow.inventory.InventoryFixtures.product;
import static dev.processflow.inventory.InventoryFixtures.putProduct;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestIssuer;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A valid event that was dead-lettered: an operator finds it, reads why, and redrives it; it goes back to its topic
 * with its key and headers, is applied once, and a second redrive changes nothing.
 */
@QuarkusTest
@TestProfile(RedrivesOrders.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterRedriveTest {

    private final KafkaCompanion kafka = KafkaEngine.companion();
    private TopicWatch watch;

    @BeforeAll
    void watch() {
        watch = TopicWatch.of(kafka, "orders", "inventory");
    }

    @AfterAll
    void close() {
        watch.close();
    }

    @Test
    void aRedrivenDeadLetterIsAppliedOnceAndASecondRedriveChangesNothing() {
        String sku = newSku();
        assertThat(putProduct(sku, 10)).isEqualTo(201);
        UUID orderId = UUID.randomUUID();
        CloudEvent<OrderPlaced> event = placed(orderId, line(sku, 4));
        ProducerRecord<String, String> original = TestEvents.record(event);
        ProducerRecord<String, String> deadLetter = new ProducerRecord<>("orders.dlq", null, original.key(),
                original.value(), original.headers());
        deadLetter.headers().add("dead-letter-reason", "the database refused it".getBytes(StandardCharsets.UTF_8));
        deadLetter.headers().add("dead-letter-topic", "orders".getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(List.of(deadLetter)).awaitCompletion();

        String admin = TestIssuer.users().admin("operator");
        String id = await().atMost(Duration.ofSeconds(30)).until(() -> idOf(admin, orderId), found -> found != null);
        given().auth().oauth2(admin).get("/admin/dead-letters/" + id).then().statusCode(200)
                .body("originalTopic", equalTo("orders"))
                .body("reason", equalTo("the database refused it"))
                .body("headers.ce_id", equalTo(event.id().toString()))
                .body("key", equalTo(orderId.toString()));
        assertThat(product(sku).getInt("reserved")).isZero();

        given().auth().oauth2(admin).post("/admin/dead-letters/" + id + "/redrive").then().statusCode(200)
                .body("topic", equalTo("orders"));
        ConsumerRecord<String, String> redriven = watch.await(r -> r.topic().equals("orders")
                && orderId.toString().equals(r.key()));
        assertThat(redriven.value()).isEqualTo(original.value());
        assertThat(TestEvents.header(redriven, "ce_id")).isEqualTo(event.id().toString());
        assertThat(redriven.headers().lastHeader("dead-letter-reason")).isNull();
        watch.await(TestEvents.ofType(EventType.INVENTORY_RESERVED, orderId.toString()));
        assertThat(product(sku).getInt("reserved")).isEqualTo(4);

        given().auth().oauth2(admin).queryParam("topic", "orders.dlq").post("/admin/dead-letters/redrive").then()
                .statusCode(200).body("id", hasItem(id));
        await().atMost(Duration.ofSeconds(30)).until(() -> watch.matching(r -> r.topic().equals("orders")
                && orderId.toString().equals(r.key())).size() == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                watch.matching(TestEvents.ofType(EventType.INVENTORY_RESERVED, orderId.toString())).size() == 1);
        assertThat(product(sku).getInt("reserved")).isEqualTo(4);
    }

    @Test
    void deadLettersAreForOperatorsOnly() {
        given().get("/admin/dead-letters").then().statusCode(401);
        given().auth().oauth2(TestIssuer.users().customer("ada", "ada@example.com", "Ada Lovelace"))
                .get("/admin/dead-letters").then().statusCode(403);
        given().auth().oauth2(TestIssuer.users().customer("ada", "ada@example.com", "Ada Lovelace"))
                .post("/admin/dead-letters/redrive").then().statusCode(403);
        given().auth().oauth2(TestIssuer.users().admin("operator")).get("/admin/dead-letters/topics").then()
                .statusCode(200).body("$", hasItem("orders.dlq"));
        given().auth().oauth2(TestIssuer.users().admin("operator")).get("/admin/dead-letters/payments.dlq:0:0")
                .then().statusCode(404);
    }

    private static String idOf(String admin, UUID orderId) {
        JsonPath letters = given().auth().oauth2(admin).queryParam("topic", "orders.dlq").queryParam("limit", 1000)
                .get("/admin/dead-letters").then().statusCode(200).extract().jsonPath();
        List<String> keys = letters.getList("key");
        int at = keys.indexOf(orderId.toString());
        return at < 0 ? null : letters.getString("[" + at + "].id");
    }
}
