package dev.processflow.order.outcome;

import static dev.processflow.order.PurchaseOrder.InventoryOutcome.REJECTED;
import static dev.processflow.order.PurchaseOrder.InventoryOutcome.RESERVED;
import static dev.processflow.order.PurchaseOrder.PaymentOutcome.AUTHORIZED;
import static dev.processflow.order.PurchaseOrder.PaymentOutcome.DECLINED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.order.outcome.SagaJoin.Verdict;
import org.junit.jupiter.api.Test;

class SagaJoinTest {

    @Test
    void waitsUntilBothSucceeded() {
        assertThat(SagaJoin.verdict(null, null)).isEqualTo(Verdict.WAIT);
        assertThat(SagaJoin.verdict(AUTHORIZED, null)).isEqualTo(Verdict.WAIT);
        assertThat(SagaJoin.verdict(null, RESERVED)).isEqualTo(Verdict.WAIT);
        assertThat(SagaJoin.verdict(AUTHORIZED, RESERVED)).isEqualTo(Verdict.CONFIRM);
    }

    @Test
    void eitherFailureRejectsWithoutWaitingForTheOther() {
        assertThat(SagaJoin.verdict(DECLINED, null)).isEqualTo(Verdict.REJECT_PAYMENT_DECLINED);
        assertThat(SagaJoin.verdict(DECLINED, RESERVED)).isEqualTo(Verdict.REJECT_PAYMENT_DECLINED);
        assertThat(SagaJoin.verdict(null, REJECTED)).isEqualTo(Verdict.REJECT_OUT_OF_STOCK);
        assertThat(SagaJoin.verdict(AUTHORIZED, REJECTED)).isEqualTo(Verdict.REJECT_OUT_OF_STOCK);
    }
}
