package dev.processflow.payment;

/**
 * Where a payment stands. PENDING: its authorization is asked for, retried, or its outcome not known yet; every
 * other status is final for authorization, and only AUTHORIZED moves on (to CAPTURED or VOIDED).
 */
public enum PaymentStatus {
    PENDING, AUTHORIZED, DECLINED, CAPTURED, VOIDED
}
