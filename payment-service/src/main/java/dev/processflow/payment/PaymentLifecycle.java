package dev.processflow.payment;

/**
 * The rules of the payment saga, free of I/O: what an order event does to a payment in a given status ({@code null}
 * when there is none yet). Events may arrive in any order, because HTTP push delivery can reorder them; the rules
 * guarantee that a payment is captured only if its order was confirmed, that every authorization of a rejected order
 * is voided, and that an order rejected before its authorization is never authorized afterwards.
 */
public final class PaymentLifecycle {

    public enum Step {
        /** Ask the gateway to authorize the order's total. */
        AUTHORIZE,
        /** Capture the authorized amount. */
        CAPTURE,
        /** Void the authorization at the gateway. */
        VOID,
        /** Give up an authorization not yet made, or surely not made; nothing is held. */
        ABANDON,
        /** The authorization may be held already (a call in flight or unanswered): void it once the provider says. */
        VOID_WHEN_AUTHORIZED,
        /** Record the order as rejected before it was placed, so it is never authorized. */
        VOID_BEFORE_PLACEMENT,
        /** Change nothing; the history records why. */
        IGNORE
    }

    /** {@code anomaly} marks requests a correct flow never sends, worth a warning rather than a note. */
    public record Decision(Step step, String reason, boolean anomaly) {

        static Decision act(Step step) {
            return new Decision(step, null, false);
        }

        static Decision ignore(String reason) {
            return new Decision(Step.IGNORE, reason, false);
        }

        public static Decision anomaly(String reason) {
            return new Decision(Step.IGNORE, reason, true);
        }
    }

    private PaymentLifecycle() {
    }

    public static Decision onPlaced(PaymentStatus current) {
        if (current == null) {
            return Decision.act(Step.AUTHORIZE);
        }
        if (current == PaymentStatus.VOIDED) {
            return Decision.ignore("order placed after it was rejected; it will not be authorized");
        }
        return Decision.ignore("order placed again; its authorization was already handled");
    }

    public static Decision onConfirmed(PaymentStatus current) {
        if (current == null) {
            return Decision.anomaly("capture requested for an order without a payment; nothing to capture");
        }
        return switch (current) {
            case AUTHORIZED -> Decision.act(Step.CAPTURE);
            case CAPTURED -> Decision.ignore("order confirmed again; the payment is already captured");
            case PENDING -> Decision.anomaly("capture requested while the authorization is still pending; nothing to capture");
            case DECLINED -> Decision.anomaly("capture requested for a declined payment; nothing to capture");
            case VOIDED -> Decision.anomaly("capture requested for a voided payment; nothing to capture");
        };
    }

    /**
     * {@code authorizationInDoubt}: a PENDING payment's authorization was sent and its outcome is not known (in
     * flight, timed out), so the provider may hold the amount.
     */
    public static Decision onRejected(PaymentStatus current, boolean authorizationInDoubt) {
        if (current == null) {
            return Decision.act(Step.VOID_BEFORE_PLACEMENT);
        }
        return switch (current) {
            case AUTHORIZED -> Decision.act(Step.VOID);
            case PENDING -> Decision.act(authorizationInDoubt ? Step.VOID_WHEN_AUTHORIZED : Step.ABANDON);
            case DECLINED -> Decision.ignore("order rejected; the payment was declined, so there is nothing to void");
            case VOIDED -> Decision.ignore("order rejected again; the payment is already voided");
            case CAPTURED -> Decision.anomaly("order rejected after its payment was captured; a capture is never voided");
        };
    }
}
