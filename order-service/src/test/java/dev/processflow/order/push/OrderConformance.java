package dev.processflow.order.push;

import static dev.processflow.order.OrderFixtures.order;
import static dev.processflow.order.OrderFixtures.shopper;
import static dev.processflow.testsupport.TestUsers.asAdmin;
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
import dev.processflow.testsupport.OverlongData;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.Transport;
import dev.processflow.testsupport.TransportConformance;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same effects for the same events whether they arrive from Kafka or are pushed over HTTP: each subclass names
 * its transports and the profile they need.
 */
abstract class OrderConformance extends TransportConformance {

    @Inject
    EntityManager entityManager;

    @Override
    protected String[] watchedTopics() {
        return new String[] {"orders", "payments.dlq", "inventory.dlq", "catalog.dlq", "notifications.dlq"};
    }

    @ParameterizedTest
    @MethodSource("transports")
    void catalogAndOutcomesConfirmAnOrderOnceDespiteDuplicates(Transport transport) {
        String sku = OrderFixtures.newSku();
        CloudEvent<?> product = product(sku, 700, 1, Instant.now());
        transport.deliver(product);
        transport.deliver(product);
        String id = placeOrder(sku, 2);
        assertThat(asAdmin().get("/orders/" + id).then().extract().<Integer>path("total.amount")).isEqualTo(1400);

        CloudEvent<?> authorized = authorized(Sources.PAYMENT_SERVICE, id, 1400);
        CloudEvent<?> reserved = reserved(id, sku, 2);
        transport.deliver(authorized);
        transport.deliver(authorized);
        transport.deliver(reserved);
        transport.deliver(reserved);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(asAdmin().get("/orders/" + id).then().extract().<String>path("status")).isEqualTo("CONFIRMED"));
        watch.await(TestEvents.ofType(EventType.ORDER_CONFIRMED, id));
        List<String> timeline = timeline(id);
        assertThat(timeline.stream().filter("processflow.payment.authorized"::equals)).hasSize(1);
        assertThat(timeline.stream().filter("processflow.inventory.reserved"::equals)).hasSize(1);
        assertThat(watch.matching(TestEvents.ofType(EventType.ORDER_CONFIRMED, id))).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aForgedPaymentAuthorizedCannotConfirmAnOrder(Transport transport) {
        String sku = OrderFixtures.newSku();
        transport.deliver(product(sku, 900, 1, Instant.now()));
        String id = placeOrder(sku, 1);
        transport.deliver(reserved(id, sku, 1));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> timeline(id).contains(EventType.INVENTORY_RESERVED.typeName()));

        transport.assertRefused(authorized(Sources.INVENTORY_SERVICE, id, 900), "payments");
        transport.assertRefused(authorized("/anyone", id, 900), "payments");
        transport.assertRefused(authorized(Sources.PAYMENT_SERVICE, id, 900), "inventory");

        assertThat(asAdmin().get("/orders/" + id).then().extract().<String>path("status")).isEqualTo("PENDING");
        assertThat(timeline(id)).doesNotContain(EventType.PAYMENT_AUTHORIZED.typeName());
        assertThat(watch.matching(TestEvents.ofType(EventType.ORDER_CONFIRMED, id))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void overlongOutcomesAreRefusedAndTheStreamGoesOn(Transport transport) {
        String sku = OrderFixtures.newSku();
        transport.deliver(product(sku, 400, 1, Instant.now()));
        String id = placeOrder(sku, 1);
        CloudEvent<?> reserved = reserved(id, sku, 1);
        String type = reserved.type().typeName();

        assertThat(transport.assertPoisonRefused("inventory", type, OverlongData.repeated(reserved, "/lines", 101)))
                .contains("at most 100");
        assertThat(transport.assertPoisonRefused("inventory", type,
                OverlongData.replaced(reserved, "/lines/0/sku", "S".repeat(65)))).contains("at most 64");
        transport.deliver(reserved);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(timeline(id)).containsOnlyOnce(EventType.INVENTORY_RESERVED.typeName()));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void theCatalogFollowsTheProducersSequenceNotTheClock(Transport transport) {
        String sku = OrderFixtures.newSku();
        transport.deliver(product(sku, 900, 2, Instant.now()));
        transport.deliver(product(sku, 950, 3, Instant.parse("2020-01-01T00:00:00Z")));
        await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(950).equals(replicaPrice(sku)));

        CloudEvent<?> stale = product(sku, 1, 2, Instant.parse("2099-01-01T00:00:00Z"));
        transport.deliver(stale);
        await().atMost(Duration.ofSeconds(20)).until(() -> processed(stale));

        assertThat(replicaPrice(sku)).isEqualTo(950L);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void poisonIsRefused(Transport transport) {
        transport.assertPoisonRefused("payments", "processflow.payment.authorized", "not json at all");
        transport.assertPoisonRefused("inventory", "processflow.inventory.reserved", "{\"lines\": []}");
        transport.assertPoisonRefused("payments", "processflow.payment.refunded", "{\"orderId\": \"x\"}");
        transport.assertPoisonRefused("payments", "processflow.order.placed", "{\"orderId\": \"x\"}");
    }

    static CloudEvent<?> product(String sku, long price, long version, Instant time) {
        return new CloudEvent<>(UUID.randomUUID(), Sources.INVENTORY_SERVICE, EventType.CATALOG_PRODUCT_UPSERTED, sku,
                time, new ProductUpserted(sku, "Conformance mug", Money.of(price, "EUR"), 9, version));
    }

    static CloudEvent<?> authorized(String source, String orderId, long amount) {
        return CloudEvent.create(source, EventType.PAYMENT_AUTHORIZED, orderId, new PaymentAuthorized(
                UUID.fromString(orderId), UUID.randomUUID(), Money.of(amount, "EUR"), "visa", "4242"));
    }

    static CloudEvent<?> reserved(String orderId, String sku, int quantity) {
        return CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.INVENTORY_RESERVED, orderId,
                new InventoryReserved(UUID.fromString(orderId), List.of(new StockLine(sku, quantity))));
    }

    /** Places an order once the product is in the replica; returns its id. */
    static String placeOrder(String sku, int quantity) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = shopper("c@example.com").contentType(ContentType.JSON).body(order(sku, quantity, "tok_visa"))
                    .post("/orders");
            return response.statusCode() == 202 ? response.<String>path("id") : null;
        }, Objects::nonNull);
    }

    private Long replicaPrice(String sku) {
        List<?> prices = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT price_amount FROM catalog_product WHERE sku = ?1", Long.class)
                .setParameter(1, sku).getResultList());
        return prices.isEmpty() ? null : ((Number) prices.get(0)).longValue();
    }

    private boolean processed(CloudEvent<?> event) {
        return QuarkusTransaction.requiringNew().call(() -> !entityManager
                .createNativeQuery("SELECT 1 FROM processed_event WHERE event_id = ?1", Integer.class)
                .setParameter(1, event.id()).getResultList().isEmpty());
    }

    static List<String> timeline(String orderId) {
        return asAdmin().get("/orders/" + orderId).then().extract().path("timeline.type");
    }
}
