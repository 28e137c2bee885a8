package dev.processflow.inventory;

import static io.restassured.RestAssured.given;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderLine;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestUsers;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Products through the admin API, order events as order-service would emit them. */
public final class InventoryFixtures {

    public static final Customer CUSTOMER = new Customer(TestUsers.ADA, "ada@example.com", "Ada Lovelace");

    private InventoryFixtures() {
    }

    public static String newSku() {
        return "T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    public static String productJson(String name, long amount, String currency, int onHand) {
        return """
                {"name": "%s", "price": {"amount": %d, "currency": "%s"}, "onHand": %d}"""
                .formatted(name, amount, currency, onHand);
    }

    /** Creates or updates a product as the admin and returns the HTTP status. */
    public static int putProduct(String sku, int onHand) {
        return TestUsers.asAdmin().contentType(ContentType.JSON)
                .body(productJson("Product " + sku, 1000, "EUR", onHand))
                .put("/products/" + sku).then().extract().statusCode();
    }

    public static JsonPath product(String sku) {
        return given().get("/products/" + sku).then().statusCode(200).extract().jsonPath();
    }

    public static OrderLine line(String sku, int quantity) {
        return new OrderLine(sku, quantity, Money.of(1000, "EUR"));
    }

    public static CloudEvent<OrderPlaced> placed(UUID orderId, OrderLine... lines) {
        List<OrderLine> items = Arrays.asList(lines);
        Money total = items.stream().map(l -> l.unitPrice().times(l.quantity())).reduce(Money::plus).orElseThrow();
        return CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_PLACED, orderId.toString(),
                new OrderPlaced(orderId, CUSTOMER, items, total, "tok_visa", Instant.now()));
    }

    public static CloudEvent<OrderConfirmed> confirmed(UUID orderId, OrderLine... lines) {
        List<OrderLine> items = Arrays.asList(lines);
        Money total = items.stream().map(l -> l.unitPrice().times(l.quantity())).reduce(Money::plus).orElseThrow();
        return CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_CONFIRMED, orderId.toString(),
                new OrderConfirmed(orderId, CUSTOMER, items, total, Instant.now()));
    }

    public static CloudEvent<OrderRejected> rejected(UUID orderId, RejectionReason reason) {
        return CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_REJECTED, orderId.toString(),
                new OrderRejected(orderId, CUSTOMER, reason, "test", Instant.now()));
    }

    /** The event's record pinned to one partition, so a test can rely on the order the consumer sees them in. */
    public static ProducerRecord<String, String> onPartition(int partition, CloudEvent<?> event) {
        ProducerRecord<String, String> record = TestEvents.record(event);
        return new ProducerRecord<>(record.topic(), partition, record.key(), record.value(), record.headers());
    }

    /**
     * One record per CloudEvent id. The outbox relay may publish a record again after a failed commit (at least
     * once); consumers dedupe by id, so an effect happening twice shows up as two ids, not as two records.
     */
    public static List<ConsumerRecord<String, String>> distinctEvents(List<ConsumerRecord<String, String>> records) {
        return List.copyOf(records.stream().collect(Collectors.toMap(
                r -> TestEvents.header(r, "ce_id"), r -> r, (first, again) -> first,
                LinkedHashMap::new)).values());
    }

    /** The catalog record of a SKU announcing the given availability. */
    public static boolean announces(ConsumerRecord<String, String> record, String sku, int available) {
        if (!sku.equals(record.key())) {
            return false;
        }
        ProductUpserted product = (ProductUpserted) TestEvents.decode(record).data();
        return product.available() == available;
    }
}
