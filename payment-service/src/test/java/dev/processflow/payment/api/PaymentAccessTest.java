package dev.processflow.payment.api;

import static dev.processflow.testsupport.TestUsers.asAda;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static dev.processflow.testsupport.TestUsers.asGrace;
import static org.hamcrest.Matchers.equalTo;

import dev.processflow.events.order.RejectionReason;
import dev.processflow.payment.PaymentDriver;
import dev.processflow.testsupport.SignInChecks;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A payment (card brand, last four digits) is read by its order's customer and admins; nobody else learns of it. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentAccessTest {

    private final PaymentDriver driver = new PaymentDriver();

    @AfterAll
    void close() {
        driver.close();
    }

    @Test
    void aPaymentIsSeenByItsOrdersCustomerAndAdminsOnly() {
        UUID orderId = UUID.randomUUID();
        driver.send(PaymentDriver.placed(orderId, "tok_visa", 1999));
        // The payment exists (PENDING) as soon as its intent is recorded; the card details come with the provider's answer.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> PaymentDriver.paymentStatusCode(orderId) == 200
                && "AUTHORIZED".equals(asAdmin().get("/payments/" + orderId).path("status")));

        asAda().get("/payments/" + orderId).then().statusCode(200).body("last4", equalTo("4242"));
        asAdmin().get("/payments/" + orderId).then().statusCode(200).body("cardBrand", equalTo("visa"));
        // Grace gets exactly what an unknown order answers: nothing tells her the payment exists.
        String unknown = asGrace().get("/payments/" + UUID.randomUUID()).then().statusCode(404).extract().path("title");
        asGrace().get("/payments/" + orderId).then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo(unknown))
                .body("last4", org.hamcrest.Matchers.nullValue());
        SignInChecks.assertRefusesUnauthenticated("GET", "/payments/" + orderId);
    }

    @Test
    void aPaymentVoidedBeforeItsOrderWasPlacedStillBelongsToTheCustomer() {
        UUID orderId = UUID.randomUUID();
        driver.send(PaymentDriver.rejected(orderId, RejectionReason.TIMEOUT));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> PaymentDriver.paymentStatusCode(orderId) == 200);

        asAda().get("/payments/" + orderId).then().statusCode(200).body("status", equalTo("VOIDED"));
        asGrace().get("/payments/" + orderId).then().statusCode(404);
    }
}
