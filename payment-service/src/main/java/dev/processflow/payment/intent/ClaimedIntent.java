package dev.processflow.payment.intent;

import dev.processflow.events.Money;
import dev.processflow.platform.tracing.TraceContext;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An intent claimed for one call: its key, what the call needs, {@code attempt}, the claim's number, which fences
 * the recording (a result of an older claim whose lease ran out is dropped), and {@code inDoubtBefore}, whether an
 * earlier call may already have been applied.
 */
public record ClaimedIntent(String key, UUID orderId, IntentAction action, int attempt, boolean inDoubtBefore,
        String token, Money amount, String reference, Instant retrySince, Optional<TraceContext> trace) {

    /** Leaves the token out. */
    @Override
    public String toString() {
        return "ClaimedIntent[key=" + key + ", attempt=" + attempt + "]";
    }
}
