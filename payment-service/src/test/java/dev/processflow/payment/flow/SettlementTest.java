package dev.processflow.payment.flow;

import static dev.processflow.payment.PaymentDriver.confirmed;
import static dev.processflow.payment.PaymentDriver.payment;
import static dev.processflow.payment.PaymentDriver.placed;
import static dev.processflow.payment.PaymentDriver.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentCaptured;
import dev.processflow.events.payment.PaymentVoided;
import dev.processflow.payment.PaymentDriver;
import dev.processflow.payment.ProviderLedger;
import dev.processflow.testsupport.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Capture on order.confirmed, void on order.rejected, in the order events are meant to come and out of it. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementTest {

    private final PaymentDriver driver = new PaymentDriver();

    @Inject
    EntityManager entityManager;

    @AfterAll
    void close() {
        driver.close();
    }

    @Test
    void confirmedOrderIsCaptured() {
        UUID orderId = UUID.randomUUID();
        driver.placeAndAwait(placed(orderId, "tok_visa", 3100), EventType.PAYMENT_AUTHORIZED);
        driver.send(confirmed(orderId, 3100));

        PaymentCaptured captured = (PaymentCaptured) TestEvents.decode(
                driver.await(EventType.PAYMENT_CAPTURED, orderId)).data();
        PaymentAuthorized authorized = (PaymentAuthorized) TestEvents.decode(
                driver.await(EventType.PAYMENT_AUTHORIZED, orderId)).data();
        assertThat(captured.orderId()).isEqualTo(orderId);
        assertThat(captured.paymentId()).isEqualTo(authorized.paymentId());
        assertThat(captured.amount()).isEqualTo(Money.of(3100, "EUR"));

        JsonPath view = payment(orderId);
        assertThat(view.getString("status")).isEqualTo("CAPTURED");
        assertThat(view.getString("cardBrand")).isEqualTo("visa");
        assertThat(view.getList("history.action", String.class)).containsExactly("AUTHORIZED", "CAPTURED");
        assertThat(view.getList("history.status", String.class)).containsExactly("AUTHORIZED", "CAPTURED");
        assertThat(driver.events(EventType.PAYMENT_VOIDED, orderId)).isEmpty();

        Map<String, Object> held = ProviderLedger.authorizations(orderId).get(0);
        assertThat(held).containsEntry("status", "captured");
        assertThat((List<?>) held.get("captures")).hasSize(1);
        assertThat(ProviderLedger.requests(orderId, orderId + ":capture")).isEqualTo(1);
    }

    @Test
    void rejectedOrderHasItsAuthorizationVoided() {
        UUID orderId = UUID.randomUUID();
        driver.placeAndAwait(placed(orderId, "tok_mastercard", 4500), EventType.PAYMENT_AUTHORIZED);
        driver.send(rejected(orderId, RejectionReason.OUT_OF_STOCK));

        PaymentVoided voided = (PaymentVoided) TestEvents.decode(driver.await(EventType.PAYMENT_VOIDED, orderId)).data();
        PaymentAuthorized authorized = (PaymentAuthorized) TestEvents.decode(
                driver.await(EventType.PAYMENT_AUTHORIZED, orderId)).data();
        assertThat(voided.paymentId()).isEqualTo(authorized.paymentId());
        assertThat(voided.amount()).isEqualTo(Money.of(4500, "EUR"));

        JsonPath view = payment(orderId);
        assertThat(view.getString("status")).isEqualTo("VOIDED");
        assertThat(view.getList("history.action", String.class)).containsExactly("AUTHORIZED", "VOIDED");
        assertThat(view.getString("history[1].detail")).contains("OUT_OF_STOCK");
        assertThat(driver.events(EventType.PAYMENT_CAPTURED, orderId)).isEmpty();

        assertThat(ProviderLedger.authorizations(orderId)).singleElement().satisfies(held -> {
            assertThat(held).containsEntry("status", "voided");
            assertThat((List<?>) held.get("voids")).hasSize(1);
        });
        assertThat(ProviderLedger.requests(orderId, orderId + ":void")).isEqualTo(1);
    }

    @Test
    void rejectionOfADeclinedPaymentIsRecordedAndVoidsNothing() {
        UUID orderId = UUID.randomUUID();
        driver.placeAndAwait(placed(orderId, "tok_chargeDeclined", 1200), EventType.PAYMENT_DECLINED);
        driver.send(rejected(orderId, RejectionReason.PAYMENT_DECLINED));
        driver.barrierAfter(orderId);

        JsonPath view = payment(orderId);
        assertThat(view.getString("status")).isEqualTo("DECLINED");
        assertThat(view.getList("history.action", String.class)).containsExactly("DECLINED", "IGNORED");
        assertThat(view.getString("history[1].detail")).contains("nothing to void");
        assertThat(driver.eventsAbout(orderId)).extracting(r -> TestEvents.header(r, "ce_type"))
                .containsExactly("processflow.payment.declined");
    }

    /** HTTP push may deliver order.rejected (say, a saga timeout) before order.placed: the order is never authorized. */
    @Test
    void orderRejectedBeforeItIsPlacedIsNeverAuthorized() {
        UUID orderId = UUID.randomUUID();
        driver.send(rejected(orderId, RejectionReason.TIMEOUT));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> PaymentDriver.paymentStatusCode(orderId) == 200);
        assertThat(payment(orderId).getString("status")).isEqualTo("VOIDED");
        assertThat(payment(orderId).getString("amount")).isNull();

        driver.send(placed(orderId, "tok_visa", 990));
        driver.barrierAfter(orderId);

        JsonPath view = payment(orderId);
        assertThat(view.getString("status")).isEqualTo("VOIDED");
        assertThat(view.getLong("amount.amount")).isEqualTo(990);
        assertThat(view.getString("cardBrand")).isNull();
        assertThat(view.getList("history.action", String.class)).containsExactly("VOIDED", "IGNORED");
        assertThat(view.getString("history[0].detail")).contains("before it was placed");
        assertThat(driver.eventsAbout(orderId)).isEmpty();
    }

    /**
     * A rejection that arrives while the authorization waits for a retry (its failures said nothing was held) ends
     * it for good: it is never attempted again, while another failing order placed alongside goes through all its
     * attempts.
     */
    @Test
    void orderRejectedWhileItsAuthorizationAwaitsARetryIsNeverAuthorizedLater() {
        UUID orderId = UUID.randomUUID();
        UUID control = UUID.randomUUID();
        driver.send(placed(orderId, "tok_chargeDeclinedProcessingError", 5000));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> PaymentDriver.paymentStatusCode(orderId) == 200
                && payment(orderId).getList("history.action", String.class).contains("RETRY_SCHEDULED"));
        driver.send(rejected(orderId, RejectionReason.TIMEOUT), placed(control, "tok_chargeDeclinedProcessingError", 5000));

        driver.await(EventType.PAYMENT_DECLINED, control, Duration.ofSeconds(20));
        driver.barrierAfter(orderId);

        JsonPath view = payment(orderId);
        assertThat(view.getString("status")).isEqualTo("VOIDED");
        List<String> actions = view.getList("history.action", String.class);
        assertThat(actions).first().isEqualTo("RETRY_SCHEDULED");
        assertThat(actions).last().isEqualTo("VOIDED");
        assertThat(actions).doesNotContain("AUTHORIZED", "DECLINED");
        assertThat(view.getString("history[-1].detail")).contains("will not be attempted again");
        assertThat(driver.eventsAbout(orderId)).isEmpty();
        Object[] stored = (Object[]) entityManager.createNativeQuery(
                "SELECT token, next_attempt_at, status FROM payment_intent WHERE order_id = ?1")
                .setParameter(1, orderId).getSingleResult();
        assertThat(stored).containsExactly(null, null, "CANCELLED");
        assertThat(ProviderLedger.authorizations(orderId)).isEmpty();
    }

    @Test
    void captureRequestForAnUnknownOrDeclinedPaymentIsRecordedAndIgnored() {
        UUID unknown = UUID.randomUUID();
        driver.send(confirmed(unknown, 800));
        driver.barrierAfter(unknown);
        assertThat(PaymentDriver.paymentStatusCode(unknown)).isEqualTo(404);
        List<?> history = entityManager.createNativeQuery(
                "SELECT action, status, detail FROM payment_history WHERE order_id = ?1")
                .setParameter(1, unknown).getResultList();
        assertThat(history).hasSize(1);
        Object[] entry = (Object[]) history.get(0);
        assertThat(entry[0]).isEqualTo("IGNORED");
        assertThat(entry[1]).isNull();
        assertThat((String) entry[2]).contains("without a payment");
        assertThat(driver.eventsAbout(unknown)).isEmpty();

        UUID declined = UUID.randomUUID();
        driver.placeAndAwait(placed(declined, "tok_chargeDeclinedExpiredCard", 800), EventType.PAYMENT_DECLINED);
        driver.send(confirmed(declined, 800));
        driver.barrierAfter(declined);
        JsonPath view = payment(declined);
        assertThat(view.getString("status")).isEqualTo("DECLINED");
        assertThat(view.getList("history.action", String.class)).containsExactly("DECLINED", "IGNORED");
        assertThat(view.getString("history[1].detail")).contains("declined payment");
        assertThat(driver.events(EventType.PAYMENT_CAPTURED, declined)).isEmpty();
    }
}
