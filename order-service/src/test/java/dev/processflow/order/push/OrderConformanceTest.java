package dev.processflow.order.push;

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
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.order.OrderFixtures;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.Transport;
import dev.processflow.testsupport.TransportConformance;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same effects for the same events whether they arrive from Kafka or are pushed over HTTP. */
@QuarkusTest
class OrderConformanceTest extends TransportConformance {

    @Override
    protected String[] watchedTopics() {
        return new String[] {"orders", "payments.dlq", "inventory.dlq", "catalog.dlq", "notifications.dlq"};
    }

    @ParameterizedTest
    @MethodSource("transports")
    void catalogAndOutcomesConfirmAnOrderOnceDespiteDuplicates(Transport transport) {
        String sku = OrderFixtures.newSku();
        CloudEvent<?> product = CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.CATALOG_PRODUCT_UPSERTED, sku,
                new ProductUpserted(sku, "Conformance mug", Money.of(700, "EUR"), 9));
        transport.deliver(product);
        transport.deliver(product);
        String id = await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = shopper("c@example.com").contentType(ContentType.JSON).body(order(sku, 2, "tok_visa"))
                    .post("/orders");
            return response.statusCode() == 202 ? response.<String>path("id") : null;
        }, Objects::nonNull);
        assertThat(asAdmin().get("/orders/" + id).then().extract().<Integer>path("total.amount")).isEqualTo(1400);

        CloudEvent<?> authorized = CloudEvent.create(Sources.PAYMENT_SERVICE, EventType.PAYMENT_AUTHORIZED, id,
                new PaymentAuthorized(UUID.fromString(id), UUID.randomUUID(), Money.of(1400, "EUR"), "visa", "4242"));
        CloudEvent<?> reserved = CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.INVENTORY_RESERVED, id,
                new InventoryReserved(UUID.fromString(id), List.of(new StockLine(sku, 2))));
        transport.deliver(authorized);
        transport.deliver(authorized);
        transport.deliver(reserved);
        transport.deliver(reserved);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(asAdmin().get("/orders/" + id).then().extract().<String>path("status")).isEqualTo("CONFIRMED"));
        watch.await(TestEvents.ofType(EventType.ORDER_CONFIRMED, id));
        List<String> timeline = asAdmin().get("/orders/" + id).then().extract().path("timeline.type");
        assertThat(timeline.stream().filter("processflow.payment.authorized"::equals)).hasSize(1);
        assertThat(timeline.stream().filter("processflow.inventory.reserved"::equals)).hasSize(1);
        assertThat(watch.matching(TestEvents.ofType(EventType.ORDER_CONFIRMED, id))).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void poisonIsRefused(Transport transport) {
        transport.assertPoisonRefused("payments", "processflow.payment.authorized", "not json at all");
        transport.assertPoisonRefused("inventory", "processflow.inventory.reserved", "{\"lines\": []}");
        transport.assertPoisonRefused("payments", "processflow.payment.refunded", "{\"orderId\": \"x\"}");
        transport.assertPoisonRefused("payments", "processflow.order.placed", "{\"orderId\": \"x\"}");
    }
}
