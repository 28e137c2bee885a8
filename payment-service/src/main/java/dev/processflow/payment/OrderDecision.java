package dev.processflow.payment;

/** order-service's decision about an order, which decides whether its authorization is captured or voided. */
public enum OrderDecision {
    CONFIRMED, REJECTED
}
