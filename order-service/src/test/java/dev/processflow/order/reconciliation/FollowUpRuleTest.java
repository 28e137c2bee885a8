package dev.processflow.order.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.order.OrderStatus;
import dev.processflow.order.PurchaseOrder.InventoryOutcome;
import dev.processflow.order.PurchaseOrder.PaymentOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class FollowUpRuleTest {

    @Test
    void aConfirmedOrderIsCapturedCommittedAndMailed() {
        assertThat(FollowUpRule.missing(OrderStatus.CONFIRMED, PaymentOutcome.AUTHORIZED, InventoryOutcome.RESERVED,
                List.of("processflow.order.placed", "processflow.payment.authorized", "processflow.inventory.reserved",
                        "processflow.order.confirmed")))
                .containsExactly("processflow.inventory.committed", "processflow.notification.sent",
                        "processflow.payment.captured");
        assertThat(FollowUpRule.missing(OrderStatus.CONFIRMED, PaymentOutcome.AUTHORIZED, InventoryOutcome.RESERVED,
                List.of("processflow.payment.captured", "processflow.inventory.committed",
                        "processflow.notification.sent"))).isEmpty();
    }

    @Test
    void aRejectedOrderUndoesOnlyWhatWasDone() {
        assertThat(FollowUpRule.missing(OrderStatus.REJECTED, PaymentOutcome.AUTHORIZED, InventoryOutcome.REJECTED,
                List.of("processflow.notification.sent"))).containsExactly("processflow.payment.voided");
        assertThat(FollowUpRule.missing(OrderStatus.REJECTED, PaymentOutcome.DECLINED, InventoryOutcome.RESERVED,
                List.of())).containsExactly("processflow.inventory.released", "processflow.notification.sent");
        assertThat(FollowUpRule.missing(OrderStatus.REJECTED, null, null, List.of("processflow.notification.sent")))
                .as("a timeout with no outcome leaves nothing to undo").isEmpty();
    }

    @Test
    void aPendingOrderHasNoFollowUpsYet() {
        assertThatThrownBy(() -> FollowUpRule.expected(OrderStatus.PENDING, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
