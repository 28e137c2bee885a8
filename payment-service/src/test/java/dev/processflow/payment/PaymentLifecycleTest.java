package dev.processflow.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.payment.PaymentLifecycle.Decision;
import dev.processflow.payment.PaymentLifecycle.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PaymentLifecycleTest {

    @Test
    void placementAuthorizesOnlyAnOrderWithoutPayment() {
        assertThat(PaymentLifecycle.onPlaced(null).step()).isEqualTo(Step.AUTHORIZE);
    }

    @ParameterizedTest
    @EnumSource(PaymentStatus.class)
    void placementOfAKnownPaymentChangesNothing(PaymentStatus status) {
        Decision decision = PaymentLifecycle.onPlaced(status);
        assertThat(decision.step()).isEqualTo(Step.IGNORE);
        assertThat(decision.reason()).isNotBlank();
    }

    @Test
    void placementAfterRejectionSaysItWillNotBeAuthorized() {
        assertThat(PaymentLifecycle.onPlaced(PaymentStatus.VOIDED).reason()).contains("will not be authorized");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
        "NONE, IGNORE, true",
        "PENDING, IGNORE, true",
        "AUTHORIZED, CAPTURE, false",
        "DECLINED, IGNORE, true",
        "CAPTURED, IGNORE, false",
        "VOIDED, IGNORE, true"
    })
    void confirmationCapturesOnlyAnAuthorization(PaymentStatus status, Step step, boolean anomaly) {
        Decision decision = PaymentLifecycle.onConfirmed(status);
        assertThat(decision.step()).isEqualTo(step);
        assertThat(decision.anomaly()).isEqualTo(anomaly);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
        "NONE, false, VOID_BEFORE_PLACEMENT, false",
        "PENDING, false, ABANDON, false",
        "PENDING, true, VOID_WHEN_AUTHORIZED, false",
        "AUTHORIZED, false, VOID, false",
        "DECLINED, false, IGNORE, false",
        "CAPTURED, false, IGNORE, true",
        "VOIDED, false, IGNORE, false"
    })
    void rejectionVoidsEveryAuthorizationAndPreventsLaterOnes(PaymentStatus status, boolean inDoubt, Step step,
            boolean anomaly) {
        Decision decision = PaymentLifecycle.onRejected(status, inDoubt);
        assertThat(decision.step()).isEqualTo(step);
        assertThat(decision.anomaly()).isEqualTo(anomaly);
        if (step == Step.IGNORE) {
            assertThat(decision.reason()).isNotBlank();
        }
    }
}
