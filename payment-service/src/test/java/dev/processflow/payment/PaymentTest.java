package dev.processflow.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.events.Limits;
import dev.processflow.events.Money;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentDeclined;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PaymentTest {

    private static final Instant NOW = Instant.parse("2026-01-02T10:00:00Z");

    @Test
    void openedPaymentIsPendingWithItsAmount() {
        Payment payment = Payment.open(UUID.randomUUID(), Money.of(1999, "EUR"), NOW);
        assertThat(payment.status).isEqualTo(PaymentStatus.PENDING);
        assertThat(payment.money()).isEqualTo(Money.of(1999, "EUR"));
        assertThat(payment.paymentId).isNotNull();
        assertThat(payment.orderDecision).isNull();
    }

    @Test
    void whatAGatewaySaysIsKeptWithinTheColumnsAndTheContract() {
        Payment authorized = Payment.open(UUID.randomUUID(), Money.of(100, "EUR"), NOW);
        authorized.authorize("ref-1", "b".repeat(100), "12345", NOW);
        assertThat(authorized.cardBrand).hasSize(Limits.CARD_BRAND);
        assertThat(authorized.last4).hasSize(Limits.LAST4);
        assertThat(new PaymentAuthorized(authorized.orderId, authorized.paymentId, authorized.money(),
                authorized.cardBrand, authorized.last4).cardBrand()).isEqualTo(authorized.cardBrand);

        Payment declined = Payment.open(UUID.randomUUID(), Money.of(100, "EUR"), NOW);
        declined.decline("d".repeat(500), NOW);
        assertThat(declined.declineCode).hasSize(Limits.DECLINE_CODE);
        assertThat(new PaymentDeclined(declined.orderId, declined.declineCode, null).declineCode())
                .isEqualTo(declined.declineCode);
    }

    @Test
    void authorizedPaymentCanBeCapturedOnce() {
        Payment payment = authorized();
        payment.capture(NOW);
        assertThat(payment.status).isEqualTo(PaymentStatus.CAPTURED);
        assertThatThrownBy(() -> payment.capture(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> payment.voidAuthorization(NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void authorizedPaymentCanBeVoidedOnce() {
        Payment payment = authorized();
        payment.voidAuthorization(NOW);
        assertThat(payment.status).isEqualTo(PaymentStatus.VOIDED);
        assertThatThrownBy(() -> payment.voidAuthorization(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> payment.capture(NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theFirstDecisionStandsAndAContradictionIsReported() {
        Payment payment = authorized();
        assertThat(payment.learnDecision(OrderDecision.REJECTED, "order rejected (TIMEOUT)", NOW)).isTrue();
        assertThat(payment.learnDecision(OrderDecision.REJECTED, "order rejected (TIMEOUT)", NOW)).isTrue();
        assertThat(payment.learnDecision(OrderDecision.CONFIRMED, "order confirmed", NOW)).isFalse();
        assertThat(payment.orderDecision).isEqualTo(OrderDecision.REJECTED);
        assertThat(payment.decisionDetail).isEqualTo("order rejected (TIMEOUT)");
    }

    @Test
    void abandonedAuthorizationIsVoidedWithoutAReference() {
        Payment payment = Payment.open(UUID.randomUUID(), Money.of(500, "EUR"), NOW);
        payment.abandon(NOW);
        assertThat(payment.status).isEqualTo(PaymentStatus.VOIDED);
        assertThat(payment.gatewayReference).isNull();
        assertThatThrownBy(() -> payment.authorize("ref", "visa", "4242", NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> payment.decline("card_declined", NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void paymentVoidedBeforePlacementLearnsItsAmountOnceAndIsNeverAuthorized() {
        Payment payment = Payment.voidedBeforePlacement(UUID.randomUUID(), NOW);
        assertThat(payment.status).isEqualTo(PaymentStatus.VOIDED);
        assertThat(payment.money()).isNull();
        payment.learnAmount(Money.of(700, "EUR"), NOW);
        payment.learnAmount(Money.of(900, "EUR"), NOW);
        assertThat(payment.money()).isEqualTo(Money.of(700, "EUR"));
        assertThatThrownBy(() -> payment.authorize("ref", "visa", "4242", NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void declinedPaymentCannotBeCapturedOrVoided() {
        Payment payment = Payment.open(UUID.randomUUID(), Money.of(500, "EUR"), NOW);
        payment.decline("card_declined", NOW);
        assertThat(payment.declineCode).isEqualTo("card_declined");
        assertThatThrownBy(() -> payment.capture(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> payment.voidAuthorization(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> payment.abandon(NOW)).isInstanceOf(IllegalStateException.class);
    }

    private static Payment authorized() {
        Payment payment = Payment.open(UUID.randomUUID(), Money.of(1999, "EUR"), NOW);
        payment.authorize("ref-1", "visa", "4242", NOW);
        assertThat(payment.status).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(payment.cardBrand).isEqualTo("visa");
        return payment;
    }
}
