package dev.processflow.payment.api;

import static dev.processflow.testsupport.TestUsers.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PaymentsResourceTest {

    @Test
    void unknownPaymentIsAProblem404() {
        UUID orderId = UUID.randomUUID();
        asAdmin().get("/payments/" + orderId).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Payment not found"))
                .body("detail", containsString(orderId.toString()))
                .body("instance", equalTo("/payments/" + orderId));
    }

    @Test
    void malformedOrderIdIsAProblem404() {
        asAdmin().get("/payments/not-a-uuid").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("title", equalTo("Payment not found"));
    }

    @Test
    void readinessCoversKafkaAndTheDatabase() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check",
                        "SmallRye Reactive Messaging - readiness check"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiAndMetricsAreServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/payments/{orderId}"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("processflow_outbox_published"));
    }
}
