package dev.processflow.provider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One authorization as the provider keeps it: a hold on a card for an amount (or the record of a declined attempt),
 * with every capture and void applied to it. Immutable; each change is a new value, journaled before it is kept.
 * {@code reference} is the merchant's own reference (the order id); brand and last 4 digits are all that is known of
 * the card.
 */
public record Authorization(String id, String reference, long amount, String currency, Status status, String brand,
        String last4, String declineCode, Instant createdAt, Instant expiresAt, List<Settlement> captures,
        List<Settlement> voids) {

    public enum Status {
        AUTHORIZED, DECLINED, CAPTURED, VOIDED, EXPIRED;

        String wire() {
            return name().toLowerCase();
        }
    }

    /** One capture or void: the idempotency key it came with and when it was applied. */
    public record Settlement(String key, Instant at) {
    }

    public Authorization {
        captures = List.copyOf(captures);
        voids = List.copyOf(voids);
    }

    /** An uncaptured hold lapses at {@code expiresAt}; nothing is written for that, the status is derived. */
    public Status statusAt(Instant now) {
        return status == Status.AUTHORIZED && expiresAt != null && !now.isBefore(expiresAt) ? Status.EXPIRED : status;
    }

    Authorization captured(String key, Instant at) {
        return with(Status.CAPTURED, append(captures, new Settlement(key, at)), voids);
    }

    Authorization voided(String key, Instant at) {
        return with(Status.VOIDED, captures, append(voids, new Settlement(key, at)));
    }

    private Authorization with(Status next, List<Settlement> newCaptures, List<Settlement> newVoids) {
        return new Authorization(id, reference, amount, currency, next, brand, last4, declineCode, createdAt, expiresAt,
                newCaptures, newVoids);
    }

    private static List<Settlement> append(List<Settlement> list, Settlement settlement) {
        List<Settlement> copy = new ArrayList<>(list);
        copy.add(settlement);
        return copy;
    }
}
