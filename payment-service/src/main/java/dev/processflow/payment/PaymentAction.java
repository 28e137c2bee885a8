package dev.processflow.payment;

/** What one history entry records: a state change, a scheduled retry, or a request that changed nothing. */
public enum PaymentAction {
    AUTHORIZED, DECLINED, RETRY_SCHEDULED, CAPTURED, VOIDED, IGNORED
}
