package dev.processflow.order.outcome;

import dev.processflow.order.PurchaseOrder;
import dev.processflow.order.PurchaseOrder.InventoryOutcome;
import dev.processflow.order.PurchaseOrder.PaymentOutcome;

/** The join rule of the purchase saga, free of I/O: what a PENDING order becomes given the outcomes so far. */
public final class SagaJoin {

    public enum Verdict { WAIT, CONFIRM, REJECT_PAYMENT_DECLINED, REJECT_OUT_OF_STOCK }

    private SagaJoin() {
    }

    public static Verdict verdict(PaymentOutcome payment, InventoryOutcome inventory) {
        if (payment == PaymentOutcome.DECLINED) {
            return Verdict.REJECT_PAYMENT_DECLINED;
        }
        if (inventory == InventoryOutcome.REJECTED) {
            return Verdict.REJECT_OUT_OF_STOCK;
        }
        if (payment == PaymentOutcome.AUTHORIZED && inventory == InventoryOutcome.RESERVED) {
            return Verdict.CONFIRM;
        }
        return Verdict.WAIT;
    }

    public static Verdict verdict(PurchaseOrder order) {
        return verdict(order.paymentOutcome, order.inventoryOutcome);
    }
}
