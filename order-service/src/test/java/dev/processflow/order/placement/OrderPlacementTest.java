package dev.processflow.order.placement;

import static dev.processflow.order.OrderFixtures.order;
import static dev.processflow.order.OrderFixtures.shopper;
import static dev.processflow.testsupport.TestUsers.as;
import static dev.processflow.testsupport.TestUsers.asAda;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static dev.processflow.testsupport.TestUsers.asGrace;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasLength;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Limits;
import dev.processflow.events.Money;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderLine;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.order.OrderFixtures;
import dev.processflow.order.PurchaseOrder;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestIssuer;
import dev.processflow.testsupport.TestUsers;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderPlacementTest {

    private final KafkaCompanion kafka = OrderFixtures.kafka();
    private final String sku = OrderFixtures.newSku();
    private final String otherSku = OrderFixtures.newSku();
    private TopicWatch orders;
    private boolean published;

    @Inject
    EntityManager entityManager;

    @BeforeAll
    void watch() {
        orders = TopicWatch.of(kafka, "orders");
    }

    /** Per test rather than per class: the HTTP port is known to REST Assured only once a test runs. */
    @BeforeEach
    void catalog() {
        if (!published) {
            OrderFixtures.publishProducts(kafka, 1250, sku, otherSku);
            published = true;
        }
    }

    @AfterAll
    void close() {
        orders.close();
    }

    @Test
    void placedOrderIsStoredPricedAndAnnouncedAsACloudEvent() {
        Response response = asAda().contentType(ContentType.JSON)
                .body("""
                        {"items": [{"sku": "%s", "quantity": 2}, {"sku": "%s", "quantity": 1}],
                         "paymentToken": "tok_visa"}""".formatted(sku, otherSku))
                .post("/orders");
        response.then().statusCode(202)
                .body("status", equalTo("PENDING"))
                .body("rejectionReason", nullValue())
                .body("total.amount", equalTo(3750))
                .body("total.currency", equalTo("EUR"))
                .body("items", hasSize(2))
                .body("items[0].unitPrice.amount", equalTo(1250))
                .body("timeline.type", hasItem("processflow.order.placed"));
        String id = response.path("id");
        assertThat(response.header("Location")).isEqualTo("/orders/" + id);
        // The 202 body is built from what placement wrote, not read back: it must be exactly what is stored.
        assertThat(asAda().get("/orders/" + id).then().statusCode(200).extract().<Map<String, Object>>path(""))
                .isEqualTo(response.<Map<String, Object>>path(""));

        ConsumerRecord<String, String> record = orders.await(TestEvents.ofType(EventType.ORDER_PLACED, id));
        assertThat(TestEvents.header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(TestEvents.header(record, "ce_source")).isEqualTo("/processflow/order-service");
        assertThat(TestEvents.header(record, "ce_subject")).isEqualTo(id);
        assertThat(TestEvents.header(record, "content-type")).isEqualTo("application/json");
        CloudEvent<?> event = TestEvents.decode(record);
        assertThat(event.id()).isNotNull();
        OrderPlaced placed = (OrderPlaced) event.data();
        assertThat(placed.orderId()).isEqualTo(UUID.fromString(id));
        assertThat(placed.customer()).isEqualTo(new Customer(TestUsers.ADA, "ada@example.com", "Ada Lovelace"));
        assertThat(placed.items()).containsExactly(
                new OrderLine(sku, 2, Money.of(1250, "EUR")), new OrderLine(otherSku, 1, Money.of(1250, "EUR")));
        assertThat(placed.total()).isEqualTo(Money.of(3750, "EUR"));
        assertThat(placed.paymentToken()).isEqualTo("tok_visa");

        asAdmin().get("/orders/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("customer.id", equalTo(TestUsers.ADA))
                .body("customer.email", equalTo("ada@example.com"))
                .body("customer.name", equalTo("Ada Lovelace"))
                .body("createdAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void sameIdempotencyKeyAndBodyReturnTheSameOrder() {
        String key = "key-" + UUID.randomUUID();
        String body = order(sku, 1, "tok_visa");
        Map<String, Object> first = asGrace().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/orders").then().statusCode(202).extract().path("");
        Map<String, Object> second = asGrace().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/orders").then().statusCode(202).extract().path("");
        assertThat(second).isEqualTo(first);

        asGrace().contentType(ContentType.JSON).header("Idempotency-Key", key).body(order(sku, 3, "tok_visa"))
                .post("/orders").then().statusCode(422)
                .contentType("application/problem+json")
                .body("title", containsString("Idempotency-Key"));
        assertThat(orders.matching(TestEvents.ofType(EventType.ORDER_PLACED, (String) first.get("id"))))
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneOrder() {
        String key = "race-" + UUID.randomUUID();
        String body = order(sku, 1, "tok_visa");
        List<CompletableFuture<String>> requests = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> shopper("race@example.com").contentType(ContentType.JSON)
                        .header("Idempotency-Key", key).body(body)
                        .post("/orders").then().statusCode(202).extract().<String>path("id")))
                .toList();
        Set<String> ids = requests.stream().map(CompletableFuture::join).collect(Collectors.toSet());

        assertThat(ids).hasSize(1);
        Number stored = (Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM orders WHERE customer_email = 'race@example.com'").getSingleResult();
        assertThat(stored.intValue()).isEqualTo(1);
    }

    @Test
    void invalidBodyNamesEveryBadField() {
        asAda().contentType(ContentType.JSON)
                .body("""
                        {"items": [{"sku": "%s", "quantity": 0}, {"sku": "%s", "quantity": 1001}],
                         "paymentToken": ""}""".formatted(sku, otherSku))
                .post("/orders")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", hasItems("items[0].quantity", "items[1].quantity", "paymentToken"));
    }

    @Test
    void theCustomerComesFromTheTokenNeverFromTheBody() {
        String email = "body-" + UUID.randomUUID() + "@example.com";
        asAda().contentType(ContentType.JSON)
                .body("""
                        {"customer": {"id": "%s", "email": "%s", "name": "Someone Else"},
                         "items": [{"sku": "%s", "quantity": 1}], "paymentToken": "tok_visa"}"""
                        .formatted(TestUsers.GRACE, email, sku))
                .post("/orders")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("customer"));
        Number stored = (Number) entityManager.createNativeQuery("SELECT count(*) FROM orders WHERE customer_email = ?1")
                .setParameter(1, email).getSingleResult();
        assertThat(stored.intValue()).isZero();
    }

    @Test
    void placingNeedsAVerifiedEmailAndAUsableName() {
        TestIssuer users = TestIssuer.users();
        String unverified = users.token("unverified-" + UUID.randomUUID()).unverifiedEmail("u@example.com")
                .name("Un Verified").roles("customer").sign();
        as(unverified).contentType(ContentType.JSON).body(order(sku, 1, "tok_visa")).post("/orders")
                .then().statusCode(403).contentType("application/problem+json")
                .body("violations.field", hasItem("email_verified"));
        String nameless = users.token("nameless-" + UUID.randomUUID()).email("n@example.com").roles("customer").sign();
        as(nameless).contentType(ContentType.JSON).body(order(sku, 1, "tok_visa")).post("/orders")
                .then().statusCode(403).contentType("application/problem+json")
                .body("violations.field", hasItem("name"));
        String emailless = users.token("emailless-" + UUID.randomUUID()).name("No Mail").roles("customer").sign();
        as(emailless).contentType(ContentType.JSON).body(order(sku, 1, "tok_visa")).post("/orders")
                .then().statusCode(403).body("violations.field", hasItem("email"));
        String panName = users.customer("pan-" + UUID.randomUUID(), "pan@example.com", "4111 1111 1111 1111");
        as(panName).contentType(ContentType.JSON).body(order(sku, 1, "tok_visa")).post("/orders")
                .then().statusCode(403).body("violations.field", hasItem("name"))
                .body(org.hamcrest.Matchers.not(containsString("4111")));
        Number stored = (Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM orders WHERE customer_email IN ('u@example.com', 'n@example.com', 'pan@example.com')")
                .getSingleResult();
        assertThat(stored.intValue()).isZero();
    }

    @Test
    void anOverlongNameIsKeptAsFarAsItsColumnAllows() {
        String longName = "Grace " + "Brewster ".repeat(40);
        String token = TestIssuer.users().customer("long-" + UUID.randomUUID(), "long@example.com", longName);
        Map<String, Object> placed = as(token).contentType(ContentType.JSON).body(order(sku, 1, "tok_visa"))
                .post("/orders").then().statusCode(202)
                .body("customer.name", hasLength(PurchaseOrder.MAX_CUSTOMER_NAME))
                .extract().path("");
        String stored = (String) entityManager.createNativeQuery("SELECT customer_name FROM orders WHERE id = ?1")
                .setParameter(1, UUID.fromString((String) placed.get("id"))).getSingleResult();
        assertThat(stored).startsWith("Grace Brewster").isEqualTo(((Map<?, ?>) placed.get("customer")).get("name"));
    }

    @Test
    void itemCountAndDuplicateSkusAreValidated() {
        asAda().contentType(ContentType.JSON)
                .body("{\"items\": [], \"paymentToken\": \"tok_visa\"}")
                .post("/orders").then().statusCode(400).body("violations.field", hasItem("items"));
        String items = IntStream.range(0, Limits.ORDER_LINES + 1).mapToObj(i -> "{\"sku\": \"S-" + i + "\", \"quantity\": 1}")
                .collect(Collectors.joining(","));
        asAda().contentType(ContentType.JSON)
                .body("{\"items\": [" + items + "], \"paymentToken\": \"tok_visa\"}")
                .post("/orders").then().statusCode(400).body("violations.field", hasItem("items"));
        asAda().contentType(ContentType.JSON)
                .body("""
                        {"items": [{"sku": "%1$s", "quantity": 1}, {"sku": "%1$s", "quantity": 2}],
                         "paymentToken": "tok_visa"}""".formatted(sku))
                .post("/orders").then().statusCode(400).body("violations.field", hasItem("items[1].sku"));
    }

    @Test
    void malformedJsonAndWrongTypesAreProblems() {
        asAda().contentType(ContentType.JSON).body("{\"items\": ").post("/orders")
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Malformed JSON"));
        asAda().contentType(ContentType.JSON)
                .body("{\"items\": [{\"sku\": \"X\", \"quantity\": \"two\"}], \"paymentToken\": \"tok_visa\"}")
                .post("/orders").then().statusCode(400).body("violations.field", hasItem("items[0].quantity"));
        asAda().contentType(ContentType.JSON).header("Idempotency-Key", "x".repeat(256))
                .body(order(sku, 1, "tok_visa"))
                .post("/orders").then().statusCode(400).body("violations.field", hasItem("Idempotency-Key"));
    }

    @Test
    void unknownSkuIsNamed() {
        shopper("a@example.com").contentType(ContentType.JSON).body(order("NO-SUCH-SKU", 1, "tok_visa"))
                .post("/orders")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("unknownSkus", hasItem("NO-SUCH-SKU"))
                .body("detail", containsString("NO-SUCH-SKU"));
    }

    @Test
    void cardDataIsRefusedAndNeverStored() {
        String email = "card-" + UUID.randomUUID() + "@example.com";
        shopper(email).contentType(ContentType.JSON)
                .body("""
                        {"items": [{"sku": "%s", "quantity": 1}],
                         "paymentToken": "tok_visa", "cardNumber": "4242424242424242", "cvc": "123"}""".formatted(sku))
                .post("/orders")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItems("cardNumber", "cvc"))
                .body(org.hamcrest.Matchers.not(containsString("4242424242424242")));
        shopper(email).contentType(ContentType.JSON)
                .body("""
                        {"customer": {"email": "%s", "name": "4111 1111 1111 1111"},
                         "items": [{"sku": "%s", "quantity": 1}],
                         "paymentToken": "tok_visa"}""".formatted(email, sku))
                .post("/orders").then().statusCode(400).body("violations.field", hasItem("customer.name"));
        shopper(email).contentType(ContentType.JSON)
                .body(order(sku, 1, "5555555555554444"))
                .post("/orders").then().statusCode(400).body("violations.field", hasItem("paymentToken"));

        Number stored = (Number) entityManager.createNativeQuery("SELECT count(*) FROM orders WHERE customer_email = ?1")
                .setParameter(1, email).getSingleResult();
        assertThat(stored.intValue()).isZero();
        Number leaked = (Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM outbox_event WHERE payload LIKE '%4242424242424242%' OR payload LIKE '%5555555555554444%'")
                .getSingleResult();
        assertThat(leaked.intValue()).isZero();
        assertThat(orders.matching(r -> r.value() != null && r.value().contains("4242424242424242"))).isEmpty();
    }

    @Test
    void unknownOrderIs404AndListIsNewestFirst() {
        asAdmin().get("/orders/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        asAdmin().get("/orders/not-a-uuid").then().statusCode(404);
        String older = shopper("list@example.com").contentType(ContentType.JSON).body(order(sku, 1, "tok_visa"))
                .post("/orders").then().statusCode(202).extract().path("id");
        String newer = shopper("list@example.com").contentType(ContentType.JSON).body(order(sku, 1, "tok_visa"))
                .post("/orders").then().statusCode(202).extract().path("id");
        List<String> ids = asAdmin().queryParam("limit", 2).get("/orders").then().statusCode(200)
                .body("$", hasSize(2)).extract().path("id");
        assertThat(ids).containsExactly(newer, older);
        asAdmin().queryParam("status", "bogus").get("/orders").then().statusCode(400);
        asAdmin().queryParam("limit", 0).get("/orders").then().statusCode(400);
        asAdmin().queryParam("from", "yesterday").get("/orders").then().statusCode(400)
                .body("violations.field", hasItem("from"));
    }
}
