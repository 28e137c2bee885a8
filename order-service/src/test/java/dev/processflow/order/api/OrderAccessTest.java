package dev.processflow.order.api;

import static dev.processflow.order.OrderFixtures.order;
import static dev.processflow.testsupport.TestUsers.asAda;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static dev.processflow.testsupport.TestUsers.asGrace;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.processflow.order.OrderFixtures;
import dev.processflow.testsupport.SignInChecks;
import dev.processflow.testsupport.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Who may place, read and list orders: customers their own, admins everyone's, strangers nothing. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderAccessTest {

    private final String sku = OrderFixtures.newSku();
    private boolean published;

    @BeforeEach
    void catalog() {
        if (!published) {
            OrderFixtures.publishProducts(OrderFixtures.kafka(), 900, sku);
            published = true;
        }
    }

    @Test
    void everyOrderRouteRefusesCallersWhoAreNotSignedIn() {
        String id = place(asAda());
        SignInChecks.assertRefusesUnauthenticated("POST", "/orders");
        SignInChecks.assertRefusesUnauthenticated("GET", "/orders");
        SignInChecks.assertRefusesUnauthenticated("GET", "/orders/" + id);
    }

    @Test
    void onlyCustomersPlaceOrders() {
        asAdmin().contentType(ContentType.JSON).body(order(sku, 1, "tok_visa")).post("/orders")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        String roleless = dev.processflow.testsupport.TestIssuer.users().token("roleless-" + UUID.randomUUID())
                .email("r@example.com").name("No Role").sign();
        TestUsers.as(roleless).contentType(ContentType.JSON).body(order(sku, 1, "tok_visa")).post("/orders")
                .then().statusCode(403).contentType("application/problem+json");
        TestUsers.as(roleless).get("/orders").then().statusCode(403);
    }

    @Test
    void anOrderIsSeenByItsCustomerAndAdminsOnly() {
        String adas = place(asAda());

        asAda().get("/orders/" + adas).then().statusCode(200).body("customer.id", equalTo(TestUsers.ADA));
        asAdmin().get("/orders/" + adas).then().statusCode(200).body("customer.email", equalTo("ada@example.com"));
        // Exactly what an unknown order answers: nothing tells Grace the order exists.
        String unknown = asGrace().get("/orders/" + UUID.randomUUID()).then().statusCode(404).extract().path("title");
        asGrace().get("/orders/" + adas).then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo(unknown));
    }

    @Test
    void listsShowACustomerTheirOwnOrdersAndAnAdminEveryones() {
        String adas = place(asAda());
        String graces = place(asGrace());

        List<String> adaSees = asAda().queryParam("limit", 100).get("/orders").then().statusCode(200).extract().path("id");
        List<String> adaOwners = asAda().queryParam("limit", 100).get("/orders").then().extract().path("customer.id");
        List<String> graceSees = asGrace().queryParam("limit", 100).get("/orders").then().statusCode(200).extract().path("id");
        List<String> adminSees = asAdmin().queryParam("limit", 100).get("/orders").then().statusCode(200).extract().path("id");

        assertThat(adaSees).contains(adas).doesNotContain(graces);
        assertThat(adaOwners).containsOnly(TestUsers.ADA);
        assertThat(graceSees).contains(graces).doesNotContain(adas);
        assertThat(adminSees).contains(adas, graces);
    }

    @Test
    void idempotencyKeysAreScopedPerCustomer() {
        String key = "shared-" + UUID.randomUUID();
        String adas = asAda().contentType(ContentType.JSON).header("Idempotency-Key", key).body(order(sku, 1, "tok_visa"))
                .post("/orders").then().statusCode(202).extract().path("id");
        String graces = asGrace().contentType(ContentType.JSON).header("Idempotency-Key", key).body(order(sku, 1, "tok_visa"))
                .post("/orders").then().statusCode(202).body("customer.id", equalTo(TestUsers.GRACE)).extract().path("id");

        assertThat(graces).isNotEqualTo(adas);
        // Another customer's key with another body is a new order too, not a 422 that would reveal the key is used.
        asGrace().contentType(ContentType.JSON).header("Idempotency-Key", "other-" + key).body(order(sku, 2, "tok_visa"))
                .post("/orders").then().statusCode(202);
        asAda().contentType(ContentType.JSON).header("Idempotency-Key", "other-" + key).body(order(sku, 3, "tok_visa"))
                .post("/orders").then().statusCode(202).body("customer.id", equalTo(TestUsers.ADA));
    }

    @Test
    void listsFilterByStatusAndPlacementTime() {
        Instant before = Instant.now().minusMillis(1);
        String id = place(asGrace());
        Instant after = Instant.now().plusMillis(1);

        assertThat(asGrace().queryParam("from", before.toString()).queryParam("to", after.toString())
                .get("/orders").then().statusCode(200).extract().<List<String>>path("id")).contains(id);
        assertThat(asGrace().queryParam("from", after.toString())
                .get("/orders").then().statusCode(200).extract().<List<String>>path("id")).doesNotContain(id);
        assertThat(asGrace().queryParam("to", before.toString())
                .get("/orders").then().statusCode(200).extract().<List<String>>path("id")).doesNotContain(id);
        List<String> statuses = asAdmin().queryParam("status", "PENDING").queryParam("from", before.toString())
                .get("/orders").then().statusCode(200).extract().path("status");
        assertThat(statuses).isNotEmpty().containsOnly("PENDING");
        asGrace().queryParam("to", "not-a-time").get("/orders").then().statusCode(400)
                .body("violations.field", hasItem("to"));
    }

    @Test
    void healthMetricsAndOpenApiStayPublicAndOpenApiNamesTheRealm() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes.values().type", hasItem("openIdConnect"));
    }

    private String place(RequestSpecification customer) {
        return customer.contentType(ContentType.JSON).body(order(sku, 1, "tok_visa")).post("/orders")
                .then().statusCode(202).extract().path("id");
    }
}
