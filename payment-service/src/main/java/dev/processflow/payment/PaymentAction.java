package dev.processflow.payment;

/**
 * What one history entry records: a state change, a scheduled retry, a void waiting for an authorization's outcome,
 * a settlement the provider refused or that was given up, a repair by reconciliation, or a request that changed
 * nothing.
 */
public enum PaymentAction {
    AUTHORIZED, DECLINED, RETRY_SCHEDULED, CAPTURED, VOIDED, VOID_SCHEDULED, SETTLEMENT_FAILED, RECONCILED, IGNORED
}
