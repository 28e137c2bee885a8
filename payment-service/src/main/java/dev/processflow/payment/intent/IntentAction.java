package dev.processflow.payment.intent;

/** The external effects of a payment, one intent each per order. */
public enum IntentAction {
    AUTHORIZE, CAPTURE, VOID
}
