package dev.processflow.payment.intent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import dev.processflow.platform.tracing.TraceContext;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;

/**
 * One external effect of an order's payment, committed before the provider is called. Its id, derived from the
 * order and the action, is the idempotency key of every call it makes, so however often it is repeated (retries, a
 * crash between call and record, a redelivered event) the provider acts once. Callers hold the payment's row lock,
 * then this row's.
 */
@Entity
@Table(name = "payment_intent")
public class PaymentIntent extends PanacheEntityBase {

    private static final int MAX_ERROR = 1000;

    @Id
    public String id;

    @Column(name = "order_id")
    public UUID orderId;

    @Enumerated(EnumType.STRING)
    public IntentAction action;

    @Enumerated(EnumType.STRING)
    public IntentStatus status;

    /** Calls started, counted when claimed. */
    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** True from a claim until a definitive answer: the provider may have acted on the last call. */
    @Column(name = "outcome_unknown")
    public boolean outcomeUnknown;

    /** AUTHORIZE only: the customer's payment token, needed to repeat the identical request; cleared once closed. */
    public String token;

    @Column(name = "last_error")
    public String lastError;

    /** Start of the current retry window (reconciliation opens a new one). */
    @Column(name = "retry_since")
    public Instant retrySince;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The trace of the order event that opened (or last reopened) the intent; its calls continue it. */
    @Column(name = "trace_parent")
    public String traceParent;

    @Column(name = "trace_state")
    public String traceState;

    /**
     * Claimed by the transaction that opened it, whose commit starts the call: until then no call was made, so
     * nothing is in doubt, and closing it in that transaction gives the claim back.
     */
    @Transient
    boolean callNotStarted;

    /** The deterministic id, and idempotency key, of an order's intent. */
    public static String idOf(UUID orderId, IntentAction action) {
        return orderId + ":" + action.name().toLowerCase();
    }

    static PaymentIntent open(UUID orderId, IntentAction action, String token, Instant now) {
        PaymentIntent intent = new PaymentIntent();
        intent.id = idOf(orderId, action);
        intent.orderId = orderId;
        intent.action = action;
        intent.status = IntentStatus.OPEN;
        intent.token = token;
        intent.nextAttemptAt = now;
        intent.retrySince = now;
        intent.createdAt = now;
        intent.updatedAt = now;
        intent.keepTrace();
        return intent;
    }

    /** Claimed for its first call, by the transaction that opens it, until {@code leaseEnd}. */
    void claimUntil(Instant leaseEnd) {
        attempts = 1;
        outcomeUnknown = true;
        nextAttemptAt = leaseEnd;
        callNotStarted = true;
    }

    /** Keeps the trace of the span current here, if any: the one this intent's calls belong to. */
    void keepTrace() {
        TraceContext.current().ifPresent(trace -> {
            traceParent = trace.traceparent();
            traceState = trace.tracestate();
        });
    }

    /** Whether the recording of {@code claimed}'s answer is still due: a later claim or a closed intent drops it. */
    public boolean stillClaimedBy(ClaimedIntent claimed) {
        return status == IntentStatus.OPEN && attempts == claimed.attempt();
    }

    /** The provider may hold something because of this intent: a call was made and its outcome is not known. */
    public boolean inDoubt() {
        return attempts > 0 && outcomeUnknown && !callNotStarted;
    }

    public void complete(Instant now) {
        close(IntentStatus.DONE, lastError, now);
        outcomeUnknown = false;
    }

    public void cancel(Instant now) {
        close(IntentStatus.CANCELLED, lastError, now);
    }

    public void refuse(String reason, Instant now) {
        close(IntentStatus.REFUSED, reason, now);
        outcomeUnknown = false;
    }

    public void giveUp(String reason, Instant now) {
        close(IntentStatus.GAVE_UP, reason, now);
    }

    public void retryAt(Instant next, String error, boolean unknown, Instant now) {
        nextAttemptAt = next;
        lastError = truncate(error);
        outcomeUnknown = unknown;
        updatedAt = now;
    }

    /** A given-up intent is due again, with a fresh retry window. */
    public void reopen(Instant now) {
        keepTrace();
        status = IntentStatus.OPEN;
        nextAttemptAt = now;
        retrySince = now;
        updatedAt = now;
    }

    private void close(IntentStatus next, String reason, Instant now) {
        if (callNotStarted) {
            attempts = 0;
            outcomeUnknown = false;
            callNotStarted = false;
        }
        status = next;
        lastError = truncate(reason);
        nextAttemptAt = null;
        // the token of an authorization that gave up stays: reconciliation repeats the identical request
        if (next != IntentStatus.GAVE_UP) {
            token = null;
        }
        updatedAt = now;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
