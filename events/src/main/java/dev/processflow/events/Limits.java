package dev.processflow.events;

/**
 * The contract's bounds on what an event or a request may carry, checked when data is decoded: identifiers no longer
 * than the columns that hold them, lists no longer than any real order or image needs. Free text (details, reasons,
 * names) is not bounded here; whoever stores it truncates it to its column.
 */
public final class Limits {

    /** Lines of one order, and stock lines of one reservation. */
    public static final int ORDER_LINES = 100;
    public static final int SKU = 64;
    /** The sign-in subject a customer is known by; an OIDC {@code sub} is at most 255 ASCII characters. */
    public static final int CUSTOMER_ID = 255;
    /** RFC 5321: 64 characters of local part, @, 255 of domain. */
    public static final int EMAIL = 320;
    public static final int PAYMENT_TOKEN = 255;
    public static final int DECLINE_CODE = 64;
    public static final int CARD_BRAND = 32;
    public static final int LAST4 = 4;
    public static final int IMAGE_FORMAT = 8;
    public static final int SHA256_HEX = 64;
    public static final int VARIANTS = 32;
    public static final int VARIANT_NAME = 32;

    private Limits() {
    }
}
