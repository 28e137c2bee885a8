package dev.processflow.notification.email;

import dev.processflow.events.Money;
import dev.processflow.events.order.RejectionReason;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.UUID;

/** The wording and number rules of customer emails, kept pure so they are tested without a mail server. */
public final class EmailFormat {

    private static final int FALLBACK_FRACTION_DIGITS = 2;

    private EmailFormat() {
    }

    /** {@code EUR 25.00} from 2500 minor units, with as many decimals as the currency has ({@code JPY 2500}). */
    public static String money(Money money) {
        return money.currency() + " " + BigDecimal.valueOf(money.amount(), fractionDigits(money.currency())).toPlainString();
    }

    /** The short order reference customers see: the first block of the order id. */
    public static String orderRef(UUID orderId) {
        return orderId.toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    public static String confirmationSubject(UUID orderId) {
        return "Your order " + orderRef(orderId) + " is confirmed";
    }

    public static String rejectionSubject(UUID orderId) {
        return "Your order " + orderRef(orderId) + " could not be completed";
    }

    /** The reason as a sentence: {@code Your payment was declined.} */
    public static String reason(RejectionReason reason) {
        String words = reason.plainWords();
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1) + ".";
    }

    /** A detail worth showing, or null when there is none. */
    public static String detail(String detail) {
        return detail == null || detail.isBlank() ? null : detail.strip();
    }

    /** Derived from the notification id, so every (re)send of one notification carries the same Message-ID. */
    public static String messageId(UUID notificationId, String domain) {
        return "<" + notificationId + "@" + domain + ">";
    }

    private static int fractionDigits(String currencyCode) {
        try {
            int digits = Currency.getInstance(currencyCode).getDefaultFractionDigits();
            return digits < 0 ? FALLBACK_FRACTION_DIGITS : digits;
        } catch (IllegalArgumentException unknownCode) {
            return FALLBACK_FRACTION_DIGITS;
        }
    }
}
