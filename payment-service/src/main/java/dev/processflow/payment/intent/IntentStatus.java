package dev.processflow.payment.intent;

/**
 * OPEN: to be called (now, at {@code next_attempt_at}, or again once a claim's lease ends). DONE: the provider's
 * answer is recorded. CANCELLED: never called, and now never will be. GAVE_UP: the provider stayed unreachable for the
 * whole retry window; reconciliation opens it again. REFUSED: the provider said it will never do it.
 */
public enum IntentStatus {
    OPEN, DONE, CANCELLED, GAVE_UP, REFUSED
}
