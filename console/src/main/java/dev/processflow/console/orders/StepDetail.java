package dev.processflow.console.orders;

import dev.processflow.events.Money;
import dev.processflow.events.inventory.InventoryCommitted;
import dev.processflow.events.inventory.InventoryRejected;
import dev.processflow.events.inventory.InventoryReleased;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.notification.NotificationSent;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.events.payment.PaymentCaptured;
import dev.processflow.events.payment.PaymentDeclined;
import dev.processflow.events.payment.PaymentVoided;
import java.util.List;
import java.util.stream.Collectors;

/** A line about what an event says, for a step of the flow graph; never the payment token or an address. */
final class StepDetail {

    private StepDetail() {
    }

    static String describe(Object data) {
        if (data instanceof PaymentAuthorized e) {
            return money(e.amount()) + " authorized" + (e.cardBrand() == null ? "" : " on " + e.cardBrand())
                    + (e.last4() == null ? "" : " ending " + e.last4());
        } else if (data instanceof PaymentDeclined e) {
            return e.declineCode() + (e.detail() == null || e.detail().isBlank() ? "" : ": " + e.detail());
        } else if (data instanceof PaymentCaptured e) {
            return money(e.amount()) + " captured";
        } else if (data instanceof PaymentVoided e) {
            return money(e.amount()) + " voided";
        } else if (data instanceof InventoryReserved e) {
            return "reserved " + lines(e.lines());
        } else if (data instanceof InventoryCommitted e) {
            return "committed " + lines(e.lines());
        } else if (data instanceof InventoryReleased e) {
            return "released " + lines(e.lines());
        } else if (data instanceof InventoryRejected e) {
            return e.unavailable().stream()
                    .map(l -> l.sku() + " (" + l.requested() + " requested, " + l.available() + " available)")
                    .collect(Collectors.joining(", ", "out of stock: ", ""));
        } else if (data instanceof NotificationSent e) {
            return e.kind() + " email sent";
        } else if (data instanceof OrderPlaced e) {
            return "total " + money(e.total());
        } else if (data instanceof OrderRejected e) {
            return e.reason() + (e.detail() == null || e.detail().isBlank() ? "" : ": " + e.detail());
        }
        return null;
    }

    private static String money(Money money) {
        return money.amount() + " " + money.currency();
    }

    private static String lines(List<StockLine> lines) {
        return lines.stream().map(l -> l.quantity() + " x " + l.sku()).collect(Collectors.joining(", "));
    }
}
