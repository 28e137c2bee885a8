package dev.processflow.payment.gateway;

/** The decline codes payment.declined carries, whatever the provider. */
public final class DeclineCodes {

    public static final String CARD_DECLINED = "card_declined";
    public static final String INSUFFICIENT_FUNDS = "insufficient_funds";
    public static final String EXPIRED_CARD = "expired_card";
    public static final String PROCESSING_ERROR = "processing_error";
    public static final String INVALID_TOKEN = "invalid_token";

    private DeclineCodes() {
    }
}
