package dev.processflow.notification.email;

import java.util.List;

/** What the confirmation templates show; every amount is already formatted. */
public record ConfirmationEmail(String customerName, String orderRef, List<Line> lines, String total) {

    public record Line(String sku, int quantity, String unitPrice, String lineTotal) {
    }
}
