package dev.processflow.order;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestIssuer;
import dev.processflow.testsupport.TestUsers;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.awaitility.Awaitility;

/** Puts products into order-service's catalog replica through the catalog topic, the way inventory-service does. */
public final class OrderFixtures {

    private OrderFixtures() {
    }

    public static String newSku() {
        return "SKU-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    public static void publishProducts(KafkaCompanion kafka, long priceAmount, String... skus) {
        kafka.produceStrings().fromRecords(Arrays.stream(skus)
                .map(sku -> TestEvents.record(CloudEvent.create(Sources.INVENTORY_SERVICE,
                        EventType.CATALOG_PRODUCT_UPSERTED, sku,
                        new ProductUpserted(sku, "Product " + sku, Money.of(priceAmount, "EUR"), 100, 1))))
                .toList()).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(skus).allMatch(sku ->
                shopper("probe@example.com").contentType(ContentType.JSON).body(order(sku, 1, "tok_probe"))
                        .header("Idempotency-Key", "probe-" + sku)
                        .post("/orders").statusCode() == 202));
    }

    public static String order(String sku, int quantity, String paymentToken) {
        return """
                {"items": [{"sku": "%s", "quantity": %d}],
                 "paymentToken": "%s"}""".formatted(sku, quantity, paymentToken);
    }

    /** A request signed in as the customer with this verified e-mail (one subject per address). */
    public static RequestSpecification shopper(String email) {
        return TestUsers.as(TestIssuer.users().customer("subject-" + email, email, "Ada Lovelace"));
    }

    public static KafkaCompanion kafka() {
        return KafkaEngine.companion();
    }
}
