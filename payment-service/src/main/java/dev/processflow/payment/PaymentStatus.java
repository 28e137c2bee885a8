package dev.processflow.payment;

/**
 * Where a payment stands. PENDING is internal: an authorization that failed transiently and waits for the retry
 * worker; every other status is final for authorization, and only AUTHORIZED moves on (to CAPTURED or VOIDED).
 */
public enum PaymentStatus {
    PENDING, AUTHORIZED, DECLINED, CAPTURED, VOIDED
}
