package dev.processflow.bench.orders;

import java.util.List;

/**
 * One generated order: which demo customer places it (signed in to the stack's realm), what is sent, and which
 * outcome the mix intends for it.
 */
public record OrderSpec(long seq, String customer, List<Line> items, String paymentToken, Expectation expectation) {

    public record Line(String sku, int quantity) {
    }

    /** SCARCE orders take the last units of a low-stock SKU: confirmed while stock lasts, then OUT_OF_STOCK. */
    public enum Expectation { CONFIRMED, DECLINED, OUT_OF_STOCK, SCARCE }

    /** Whether a terminal outcome is one this order may legitimately end in. */
    public boolean allows(String terminal, String reason) {
        boolean confirmed = "CONFIRMED".equals(terminal);
        return switch (expectation) {
            case CONFIRMED -> confirmed;
            case DECLINED -> !confirmed && "PAYMENT_DECLINED".equals(reason);
            case OUT_OF_STOCK -> !confirmed && "OUT_OF_STOCK".equals(reason);
            case SCARCE -> confirmed || "OUT_OF_STOCK".equals(reason);
        };
    }
}
