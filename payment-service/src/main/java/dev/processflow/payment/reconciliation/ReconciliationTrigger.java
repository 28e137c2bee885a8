package dev.processflow.payment.reconciliation;

/** What started a reconciliation: the in-process schedule, a PingSource tick, or an operator. */
public enum ReconciliationTrigger {
    SCHEDULE, PING, OPERATOR
}
