package dev.processflow.payment.flow;

import static dev.processflow.payment.PaymentDriver.confirmed;
import static dev.processflow.payment.PaymentDriver.payment;
import static dev.processflow.payment.PaymentDriver.placed;
import static dev.processflow.payment.PaymentDriver.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.payment.PaymentDriver;
import dev.processflow.payment.ProviderFaultTest;
import dev.processflow.payment.ProviderLedger;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Authorize, capture and void as durable intents against the real provider simulator: whatever is redelivered,
 * retried, slow, crashed or decided meanwhile, the provider's ledger shows one authorization per order, settled once.
 */
@QuarkusTest
class DurableIntentsTest extends ProviderFaultTest {

    /** The same order.placed redelivered, and republished under a new event id, never asks for a second hold. */
    @Test
    void redeliveredOrderPlacedNeverHoldsTwice() {
        UUID orderId = UUID.randomUUID();
        CloudEvent<OrderPlaced> placed = placed(orderId, "tok_visa", 2100);
        CloudEvent<OrderPlaced> republished = CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_PLACED,
                orderId.toString(), placed.data());
        driver.send(placed, republished, placed);
        driver.barrierAfter(orderId);
        driver.send(republished);
        driver.barrierAfter(orderId);

        assertThat(ProviderLedger.authorizations(orderId)).hasSize(1);
        assertThat(ProviderLedger.requests(orderId, orderId + ":authorize")).isEqualTo(1);
        assertThat(driver.events(EventType.PAYMENT_AUTHORIZED, orderId)).hasSize(1);
        assertThat(payment(orderId).getList("history.action", String.class)).containsExactlyInAnyOrder("AUTHORIZED", "IGNORED");
    }

    /**
     * A capture the provider does not take is parked and retried with backoff; meanwhile other orders are
     * authorized and captured, the alert gauge shows the wait, and once the provider takes it again the capture
     * happens once.
     */
    @Test
    void captureWaitsOutAnUnreachableProviderWithoutHoldingUpOtherOrders() {
        UUID parked = UUID.randomUUID();
        driver.placeAndAwait(placed(parked, "tok_visa", 3300), EventType.PAYMENT_AUTHORIZED);
        ProviderLedger.faults("{\"refuse\": true, \"operations\": [\"capture\"], \"references\": [\"" + parked + "\"]}");
        driver.send(confirmed(parked, 3300));
        await().atMost(Duration.ofSeconds(20)).until(() -> captureAttempts(parked) >= 3);

        UUID other = UUID.randomUUID();
        UUID another = UUID.randomUUID();
        driver.placeAndAwait(placed(other, "tok_mastercard", 1100), EventType.PAYMENT_AUTHORIZED);
        driver.placeAndAwait(placed(another, "tok_visa", 1200), EventType.PAYMENT_AUTHORIZED);
        driver.send(confirmed(other, 1100));
        driver.await(EventType.PAYMENT_CAPTURED, other);
        await().atMost(Duration.ofSeconds(10)).until(() -> oldestPendingSettlementSeconds() > 0);

        JsonPath waiting = payment(parked);
        assertThat(waiting.getString("status")).isEqualTo("AUTHORIZED");
        assertThat(waiting.getString("pending[0].action")).isEqualTo("CAPTURE");
        assertThat(waiting.getString("pending[0].lastError")).isNotBlank();
        assertThat(ProviderLedger.authorizations(parked).get(0)).containsEntry("status", "authorized");
        assertThat(driver.events(EventType.PAYMENT_CAPTURED, parked)).isEmpty();

        ProviderLedger.clearFaults();
        driver.await(EventType.PAYMENT_CAPTURED, parked, Duration.ofSeconds(20));
        driver.barrierAfter(parked);

        Map<String, Object> held = ProviderLedger.authorizations(parked).get(0);
        assertThat(ProviderLedger.authorizations(parked)).hasSize(1);
        assertThat(held).containsEntry("status", "captured");
        assertThat((List<?>) held.get("captures")).hasSize(1);
        assertThat(ProviderLedger.requests(parked, parked + ":capture")).isEqualTo(1);
        assertThat(driver.events(EventType.PAYMENT_CAPTURED, parked)).hasSize(1);
        assertThat(payment(parked).getList("history.action", String.class))
                .containsExactly("AUTHORIZED", "RETRY_SCHEDULED", "CAPTURED");
        assertThat(payment(parked).getList("pending")).isEmpty();
    }

    /**
     * The provider authorized, but recording its answer failed (the database refused it, as a crash would have lost
     * it): after the claim's lease the same call is made with the same key, the provider answers the first result,
     * and the payment is authorized once.
     */
    @Test
    void crashBetweenCallAndRecordRepeatsTheCallWithTheSameKey() {
        UUID orderId = UUID.randomUUID();
        String trigger = "fail_record_" + orderId.toString().replace("-", "");
        sql("CREATE FUNCTION " + trigger + "() RETURNS trigger AS $$ BEGIN IF NEW.order_id = '" + orderId
                + "' AND NEW.status = 'AUTHORIZED' THEN RAISE EXCEPTION 'recording refused by the test'; END IF; "
                + "RETURN NEW; END $$ LANGUAGE plpgsql");
        sql("CREATE TRIGGER " + trigger + " BEFORE UPDATE ON payment FOR EACH ROW EXECUTE FUNCTION " + trigger + "()");
        try {
            driver.send(placed(orderId, "tok_visa", 4100));
            await().atMost(Duration.ofSeconds(30)).until(() -> ProviderLedger.requests(orderId, orderId + ":authorize") >= 2);
            assertThat(payment(orderId).getString("status")).isEqualTo("PENDING");
        } finally {
            sql("DROP TRIGGER " + trigger + " ON payment");
            sql("DROP FUNCTION " + trigger + "()");
        }
        driver.await(EventType.PAYMENT_AUTHORIZED, orderId, Duration.ofSeconds(20));
        driver.barrierAfter(orderId);

        List<Map<String, Object>> held = ProviderLedger.authorizations(orderId);
        assertThat(held).hasSize(1);
        assertThat(ProviderLedger.requests(orderId, orderId + ":authorize")).isGreaterThanOrEqualTo(3);
        assertThat(payment(orderId).getString("status")).isEqualTo("AUTHORIZED");
        assertThat(reference(orderId)).isEqualTo(held.get(0).get("id"));
        assertThat(driver.events(EventType.PAYMENT_AUTHORIZED, orderId)).hasSize(1);
    }

    /** Answers slower than the read timeout: retried with the same key, never declined meanwhile, authorized once. */
    @Test
    void answerSlowerThanTheReadTimeoutNeverAuthorizesTwice() {
        UUID orderId = UUID.randomUUID();
        ProviderLedger.faults("{\"hangMs\": 4500, \"references\": [\"" + orderId + "\"]}");
        driver.send(placed(orderId, "tok_mastercard", 5100));
        await().atMost(Duration.ofSeconds(30)).until(() -> ProviderLedger.requests(orderId, orderId + ":authorize") >= 3);

        assertThat(ProviderLedger.authorizations(orderId)).hasSize(1);
        assertThat(payment(orderId).getString("status")).isEqualTo("PENDING");
        assertThat(driver.events(EventType.PAYMENT_DECLINED, orderId)).isEmpty();

        ProviderLedger.clearFaults();
        driver.await(EventType.PAYMENT_AUTHORIZED, orderId, Duration.ofSeconds(20));
        driver.barrierAfter(orderId);

        assertThat(ProviderLedger.authorizations(orderId)).hasSize(1);
        assertThat(payment(orderId).getString("status")).isEqualTo("AUTHORIZED");
        assertThat(driver.events(EventType.PAYMENT_AUTHORIZED, orderId)).hasSize(1);
        assertThat(driver.events(EventType.PAYMENT_DECLINED, orderId)).isEmpty();
    }

    /**
     * A timeout may have left a hold; later failures that only prove their own request was not applied (the provider
     * refusing to work) do not lift that doubt: the attempts run out without a decline, and the same key is asked
     * until the provider answers with the hold it made.
     */
    @Test
    void doubtFromATimeoutOutlastsFailuresThatProveNothingAboutTheKey() {
        UUID orderId = UUID.randomUUID();
        ProviderLedger.faults("{\"hangMs\": 4500, \"references\": [\"" + orderId + "\"]}");
        driver.send(placed(orderId, "tok_visa", 5200));
        await().atMost(Duration.ofSeconds(20)).until(() -> PaymentDriver.paymentStatusCode(orderId) == 200
                && payment(orderId).getList("history.action", String.class).contains("RETRY_SCHEDULED"));
        ProviderLedger.faults("{\"errorRate\": 1.0, \"references\": [\"" + orderId + "\"]}");
        await().atMost(Duration.ofSeconds(30)).until(() -> payment(orderId).getInt("pending[0].attempts") >= 5);

        assertThat(payment(orderId).getString("status")).isEqualTo("PENDING");
        assertThat(driver.events(EventType.PAYMENT_DECLINED, orderId)).isEmpty();
        assertThat(ProviderLedger.authorizations(orderId)).singleElement()
                .satisfies(held -> assertThat(held).containsEntry("status", "authorized"));

        ProviderLedger.clearFaults();
        driver.await(EventType.PAYMENT_AUTHORIZED, orderId, Duration.ofSeconds(20));
        driver.barrierAfter(orderId);
        assertThat(payment(orderId).getString("status")).isEqualTo("AUTHORIZED");
        assertThat(ProviderLedger.authorizations(orderId)).hasSize(1);
        assertThat(driver.events(EventType.PAYMENT_DECLINED, orderId)).isEmpty();
    }

    /** A rejection arriving while the provider holds the amount but has not answered yet still ends voided. */
    @Test
    void rejectionDuringAnInFlightAuthorizationEndsVoided() {
        UUID orderId = UUID.randomUUID();
        ProviderLedger.faults("{\"hangMs\": 4500, \"operations\": [\"authorize\"], \"references\": [\"" + orderId + "\"]}");
        driver.send(placed(orderId, "tok_visa", 6100));
        await().atMost(Duration.ofSeconds(20)).until(() -> !ProviderLedger.authorizations(orderId).isEmpty());

        driver.send(rejected(orderId, RejectionReason.OUT_OF_STOCK));
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(orderId).getList("history.action", String.class)
                .contains("VOID_SCHEDULED"));
        ProviderLedger.clearFaults();
        driver.await(EventType.PAYMENT_VOIDED, orderId, Duration.ofSeconds(20));
        driver.barrierAfter(orderId);

        List<Map<String, Object>> held = ProviderLedger.authorizations(orderId);
        assertThat(held).hasSize(1);
        assertThat(held.get(0)).containsEntry("status", "voided");
        assertThat(payment(orderId).getString("status")).isEqualTo("VOIDED");
        assertThat(payment(orderId).getList("history.action", String.class)).endsWith("AUTHORIZED", "VOIDED");
        assertThat(driver.events(EventType.PAYMENT_VOIDED, orderId)).hasSize(1);
        assertThat(driver.events(EventType.PAYMENT_CAPTURED, orderId)).isEmpty();
    }

    private int captureAttempts(UUID orderId) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT attempts FROM payment_intent WHERE order_id = ?1 AND action = 'CAPTURE'")
                .setParameter(1, orderId).getResultList());
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).intValue();
    }

    private String reference(UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "SELECT gateway_reference FROM payment WHERE order_id = ?1").setParameter(1, orderId).getSingleResult());
    }

    private double oldestPendingSettlementSeconds() {
        return registry.find("processflow.payment.settlements.oldest.pending").timeGauge().value(TimeUnit.SECONDS);
    }
}
