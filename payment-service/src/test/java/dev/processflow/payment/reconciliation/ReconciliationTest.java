package dev.processflow.payment.reconciliation;

import static dev.processflow.payment.PaymentDriver.confirmed;
import static dev.processflow.payment.PaymentDriver.payment;
import static dev.processflow.payment.PaymentDriver.placed;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;

import dev.processflow.events.EventType;
import dev.processflow.payment.PaymentDriver;
import dev.processflow.payment.ProviderFaultTest;
import dev.processflow.payment.ProviderLedger;
import dev.processflow.payment.push.PaymentPushFunctions;
import dev.processflow.platform.push.PushFunctions;
import dev.processflow.testsupport.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReconciliationTest extends ProviderFaultTest {

    @Inject
    Reconciliation reconciliation;

    @Inject
    PushFunctions pushFunctions;

    /** A capture given up after its retry window stays parked until reconciliation asks again; then it is done once. */
    @Test
    void givenUpCaptureIsRetriedByReconciliation() throws InterruptedException {
        UUID orderId = UUID.randomUUID();
        driver.placeAndAwait(placed(orderId, "tok_visa", 2700), EventType.PAYMENT_AUTHORIZED);
        ProviderLedger.faults("{\"errorRate\": 1.0, \"operations\": [\"capture\"], \"references\": [\"" + orderId + "\"]}");
        driver.send(confirmed(orderId, 2700));
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(orderId).getInt("pending[0].attempts") >= 2);
        // what the intent looks like once the provider stayed away for the whole retry window
        sql("UPDATE payment_intent SET status = 'GAVE_UP', next_attempt_at = NULL WHERE id = '" + orderId + ":capture'");
        ProviderLedger.clearFaults();
        Thread.sleep(2000);
        assertThat(payment(orderId).getString("status")).isEqualTo("AUTHORIZED");
        assertThat(payment(orderId).getString("pending[0].status")).isEqualTo("GAVE_UP");
        double runsBefore = runs("operator");

        ReconciliationRun run = reconciliation.run(ReconciliationTrigger.OPERATOR);

        assertThat(run.captures).isGreaterThanOrEqualTo(1);
        assertThat(run.examined).isGreaterThanOrEqualTo(1);
        assertThat(runs("operator")).isEqualTo(runsBefore + 1);
        driver.await(EventType.PAYMENT_CAPTURED, orderId, Duration.ofSeconds(20));
        driver.barrierAfter(orderId);
        assertThat(payment(orderId).getString("status")).isEqualTo("CAPTURED");
        assertThat(payment(orderId).getList("history.action", String.class)).contains("RECONCILED").endsWith("CAPTURED");
        assertThat(ProviderLedger.authorizations(orderId)).singleElement()
                .satisfies(held -> assertThat((List<?>) held.get("captures")).hasSize(1));
        assertThat(count("SELECT count(*) FROM payment_reconciliation WHERE id = " + run.id)).isEqualTo(1);
    }

    /** An authorized payment whose order was rejected but whose void was never opened gets one. */
    @Test
    void authorizationOfARejectedOrderWithoutItsVoidIsVoided() {
        UUID orderId = UUID.randomUUID();
        driver.placeAndAwait(placed(orderId, "tok_mastercard", 800), EventType.PAYMENT_AUTHORIZED);
        sql("UPDATE payment SET order_decision = 'REJECTED', decision_detail = 'order rejected (TIMEOUT)' "
                + "WHERE order_id = '" + orderId + "'");

        ReconciliationRun run = reconciliation.run(ReconciliationTrigger.OPERATOR);

        assertThat(run.voids).isGreaterThanOrEqualTo(1);
        driver.await(EventType.PAYMENT_VOIDED, orderId, Duration.ofSeconds(20));
        driver.barrierAfter(orderId);
        assertThat(payment(orderId).getString("status")).isEqualTo("VOIDED");
        assertThat(ProviderLedger.authorizations(orderId).get(0)).containsEntry("status", "voided");
        assertThat(reconciliation.run(ReconciliationTrigger.OPERATOR).voids).isZero();
    }

    /**
     * A PingSource tick runs the due intents and answers only once they are done, then reconciles unless a
     * reconciliation ran within the interval.
     */
    @Test
    void pingTickRunsDueWorkAndReconcilesOncePerInterval() {
        Runnable tick = pushFunctions.triggerFor(PushFunctions.PING).orElseThrow();
        assertThat(pushFunctions.triggerFor("dev.knative.sources.other")).isEmpty();
        UUID orderId = UUID.randomUUID();
        // slower than the consumer, faster than the read timeout: the tick must wait for it
        ProviderLedger.faults("{\"latencyMs\": 800, \"references\": [\"" + orderId + "\"]}");
        driver.send(placed(orderId, "tok_visa", 900));
        await().atMost(Duration.ofSeconds(20)).until(() -> PaymentDriver.paymentStatusCode(orderId) == 200);
        sql("DELETE FROM payment_reconciliation");

        tick.run();

        assertThat(payment(orderId).getString("status")).isEqualTo("AUTHORIZED");
        assertThat(count("SELECT count(*) FROM payment_reconciliation WHERE trigger = 'PING'")).isEqualTo(1);
        tick.run();
        assertThat(count("SELECT count(*) FROM payment_reconciliation")).isEqualTo(1);
    }

    @Test
    void operatorEndpointsRefuseStrangers() {
        long runsBefore = count("SELECT count(*) FROM payment_reconciliation");
        given().get("/admin/reconciliations").then().statusCode(401).contentType("application/problem+json");
        given().post("/admin/reconciliations").then().statusCode(401).contentType("application/problem+json");
        TestUsers.asAda().post("/admin/reconciliations").then().statusCode(403).contentType("application/problem+json");
        assertThat(count("SELECT count(*) FROM payment_reconciliation")).isEqualTo(runsBefore);

        TestUsers.asAdmin().post("/admin/reconciliations").then().statusCode(200).body("trigger", equalTo("OPERATOR"));
        assertThat(count("SELECT count(*) FROM payment_reconciliation")).isEqualTo(runsBefore + 1);
    }

    private double runs(String trigger) {
        var counter = registry.find("processflow.payment.reconciliations").tag("trigger", trigger).counter();
        return counter == null ? 0 : counter.count();
    }
}
