package dev.processflow.console.orders;

import static dev.processflow.testsupport.TestUsers.ADA;
import static dev.processflow.testsupport.TestUsers.GRACE;
import static dev.processflow.testsupport.TestUsers.asAda;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.processflow.console.support.ConsoleKafka;
import dev.processflow.console.support.SseClient;
import dev.processflow.console.support.StubServices;
import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderLine;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.testsupport.IdentityEngine;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live streams against a real broker: each customer is pushed only their own orders' changes, an operator
 * everyone's, and one order's stream only to someone order-service lets read that order.
 */
@QuarkusTest
@QuarkusTestResource(KafkaEngine.class)
@QuarkusTestResource(IdentityEngine.class)
@QuarkusTestResource(StubServices.class)
class LiveOrdersTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Money TOTAL = new Money(1998, "EUR");
    private static final Customer ADA_CUSTOMER = new Customer(ADA, "ada@example.com", "Ada Lovelace");
    private static final Customer GRACE_CUSTOMER = new Customer(GRACE, "grace@example.com", "Grace Hopper");

    @TestHTTPResource("/api/")
    URI api;

    @BeforeEach
    void kafka() {
        ConsoleKafka.ready();
    }

    @Test
    void eachCustomerIsPushedOnlyTheirOwnOrdersAndAnOperatorEveryones() throws Exception {
        try (SseClient ada = new SseClient(api.resolve("orders/stream"), TestUsers.ada());
                SseClient grace = new SseClient(api.resolve("orders/stream"), TestUsers.grace());
                SseClient admin = new SseClient(api.resolve("orders/stream"), TestUsers.admin())) {
            ada.next("ready", WAIT);
            grace.next("ready", WAIT);
            admin.next("ready", WAIT);
            UUID adas = UUID.randomUUID();
            UUID graces = UUID.randomUUID();
            ConsoleKafka.publish(placed(graces, GRACE_CUSTOMER), placed(adas, ADA_CUSTOMER),
                    CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_CONFIRMED, adas.toString(),
                            new OrderConfirmed(adas, ADA_CUSTOMER, lines(), TOTAL, Instant.now())));

            SseClient.Event placed = ada.next("order", WAIT);
            assertThat(placed.data().path("id").asText()).isEqualTo(adas.toString());
            assertThat(placed.data().path("status").asText()).isEqualTo("PENDING");
            assertThat(placed.data().path("customerName").asText()).isEqualTo("Ada Lovelace");
            assertThat(placed.data().path("totalAmount").asLong()).isEqualTo(1998);
            assertThat(placed.data().has("paymentToken")).isFalse();
            SseClient.Event confirmed = ada.next("order", WAIT);
            assertThat(confirmed.data().path("id").asText()).isEqualTo(adas.toString());
            assertThat(confirmed.data().path("status").asText()).isEqualTo("CONFIRMED");

            assertThat(grace.next("order", WAIT).data().path("id").asText()).isEqualTo(graces.toString());
            assertThat(List.of(admin.next("order", WAIT), admin.next("order", WAIT), admin.next("order", WAIT)))
                    .extracting(event -> event.data().path("id").asText())
                    .containsExactlyInAnyOrder(graces.toString(), adas.toString(), adas.toString());
            // Nothing of Ada's reaches Grace's stream.
            assertThat(grace.poll(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void anOrderEventFromAnyoneButOrderServiceIsNotShown() throws Exception {
        try (SseClient ada = new SseClient(api.resolve("orders/stream"), TestUsers.ada())) {
            ada.next("ready", WAIT);
            UUID forged = UUID.randomUUID();
            UUID real = UUID.randomUUID();
            ConsoleKafka.publish(new CloudEvent<>(UUID.randomUUID(), Sources.PAYMENT_SERVICE, EventType.ORDER_PLACED,
                    forged.toString(), Instant.now(), placedData(forged, ADA_CUSTOMER)), placed(real, ADA_CUSTOMER));

            assertThat(ada.next("order", WAIT).data().path("id").asText()).isEqualTo(real.toString());
        }
    }

    @Test
    void oneOrdersFlowIsReadWithTheUsersTokenThenFollowsItsEvents() throws Exception {
        UUID id = UUID.randomUUID();
        StubServices.answer("order", "GET", "/orders/" + id, 200, order(id), ADA);
        try (SseClient ada = new SseClient(api.resolve("orders/" + id + "/stream"), TestUsers.ada())) {
            SseClient.Event first = ada.next("flow", WAIT);
            assertThat(first.data().path("status").asText()).isEqualTo("PENDING");
            assertThat(step(first, "payment").path("state").asText()).isEqualTo("WAITING");
            assertThat(first.data().path("traceUrl").asText()).isEqualTo("http://traces.test/trace/4bf92f3577b34da6");

            ConsoleKafka.publish(
                    CloudEvent.create(Sources.PAYMENT_SERVICE, EventType.PAYMENT_AUTHORIZED, id.toString(),
                            new PaymentAuthorized(id, UUID.randomUUID(), TOTAL, "visa", "4242")),
                    CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.INVENTORY_RESERVED, id.toString(),
                            new InventoryReserved(id, List.of(new StockLine("SKU-001", 2)))),
                    CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_CONFIRMED, id.toString(),
                            new OrderConfirmed(id, ADA_CUSTOMER, lines(), TOTAL, Instant.now())));

            // The three topics are read independently, so the events may arrive in any order: wait for all three.
            SseClient.Event flow = ada.next("flow", WAIT);
            while (!flow.data().path("status").asText().equals("CONFIRMED")
                    || !step(flow, "payment").path("state").asText().equals("DONE")
                    || !step(flow, "inventory").path("state").asText().equals("DONE")) {
                flow = ada.next("flow", WAIT);
            }
            assertThat(step(flow, "payment").path("state").asText()).isEqualTo("DONE");
            assertThat(step(flow, "payment").path("detail").asText()).isEqualTo("1998 EUR authorized on visa ending 4242");
            assertThat(step(flow, "inventory").path("state").asText()).isEqualTo("DONE");
            assertThat(step(flow, "join").path("state").asText()).isEqualTo("DONE");
            assertThat(step(flow, "capture").path("state").asText()).isEqualTo("WAITING");
        }
        assertThat(StubServices.requests("order")).contains("GET /orders/" + id + " " + ADA);
    }

    @Test
    void someoneElsesOrderStreamsNothing() throws Exception {
        UUID id = UUID.randomUUID();
        StubServices.answer("order", "GET", "/orders/" + id, 200, order(id), ADA);
        try (SseClient grace = new SseClient(api.resolve("orders/" + id + "/stream"), TestUsers.grace())) {
            assertThat(grace.next("gone", WAIT).data().path("status").asInt()).isEqualTo(404);
            ConsoleKafka.publish(CloudEvent.create(Sources.PAYMENT_SERVICE, EventType.PAYMENT_AUTHORIZED, id.toString(),
                    new PaymentAuthorized(id, UUID.randomUUID(), TOTAL, "visa", "4242")));
            assertThat(grace.poll(Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void theListIsOrderServicesAnswerToTheUser() {
        UUID id = UUID.randomUUID();
        StubServices.answer("order", "GET", "/orders?limit=20", 200, List.of(order(id)));
        asAda().get("/api/orders").then().statusCode(200)
                .body("[0].id", equalTo(id.toString()))
                .body("[0].status", equalTo("PENDING"))
                .body("[0].totalAmount", equalTo(1998))
                .body("[0].lines", equalTo(1));
        assertThat(StubServices.requests("order")).contains("GET /orders?limit=20 " + ADA);
    }

    private static com.fasterxml.jackson.databind.JsonNode step(SseClient.Event flow, String key) {
        for (com.fasterxml.jackson.databind.JsonNode step : flow.data().path("steps")) {
            if (step.path("key").asText().equals(key)) {
                return step;
            }
        }
        throw new AssertionError("no step " + key + " in " + flow.data());
    }

    private static Map<String, Object> order(UUID id) {
        return Map.of("id", id.toString(), "status", "PENDING", "customer", Map.of("id", ADA, "name", "Ada Lovelace"),
                "items", List.of(Map.of("sku", "SKU-001", "quantity", 2)), "total", Map.of("amount", 1998, "currency", "EUR"),
                "createdAt", Instant.now().minusSeconds(1).toString(), "traceId", "4bf92f3577b34da6",
                "timeline", List.of(Map.of("type", "processflow.order.placed", "source", Sources.ORDER_SERVICE,
                        "at", Instant.now().minusSeconds(1).toString(), "detail", "total 1998 EUR")));
    }

    private static CloudEvent<OrderPlaced> placed(UUID id, Customer customer) {
        return CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_PLACED, id.toString(), placedData(id, customer));
    }

    private static OrderPlaced placedData(UUID id, Customer customer) {
        return new OrderPlaced(id, customer, lines(), TOTAL, "tok_visa", Instant.now());
    }

    private static List<OrderLine> lines() {
        return List.of(new OrderLine("SKU-001", 2, new Money(999, "EUR")));
    }
}
