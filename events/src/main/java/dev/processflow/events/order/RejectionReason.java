package dev.processflow.events.order;

/** Why an order was rejected, in the words a customer reads. */
public enum RejectionReason {
    PAYMENT_DECLINED("your payment was declined"),
    OUT_OF_STOCK("some items are out of stock"),
    TIMEOUT("we could not complete your order in time");

    private final String plainWords;

    RejectionReason(String plainWords) {
        this.plainWords = plainWords;
    }

    public String plainWords() {
        return plainWords;
    }
}
