package dev.processflow.provider;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Trouble the provider makes on purpose, switched at run time through {@code PUT /admin/faults}. For each API request
 * it applies to: {@code refuse} drops the connection without an answer; otherwise with probability
 * {@code errorRate} it answers 503 without doing anything; otherwise it waits {@code latencyMs}, applies the request,
 * and holds the answer back another {@code hangMs} (longer than a caller's read timeout: the caller cannot tell
 * whether it was applied). {@code operations} (authorize, capture, void) and {@code references} (the merchant's
 * order references) narrow which requests it applies to; empty means all.
 */
public record Faults(long latencyMs, double errorRate, long hangMs, boolean refuse, List<String> operations,
        List<String> references) {

    private static final Set<String> OPERATIONS = Set.of(Ledger.AUTHORIZE, Ledger.CAPTURE, Ledger.VOID);
    private static final long MAX_DELAY_MS = Duration.ofMinutes(10).toMillis();

    public static final Faults NONE = new Faults(0, 0, 0, false, List.of(), List.of());

    public Faults {
        operations = operations == null ? List.of() : List.copyOf(operations);
        references = references == null ? List.of() : List.copyOf(references);
        if (latencyMs < 0 || hangMs < 0 || latencyMs > MAX_DELAY_MS || hangMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("latencyMs and hangMs must be between 0 and " + MAX_DELAY_MS);
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("errorRate must be between 0 and 1");
        }
        if (!OPERATIONS.containsAll(operations)) {
            throw new IllegalArgumentException("operations must be among " + OPERATIONS);
        }
    }

    boolean appliesTo(String operation, String reference) {
        return (operations.isEmpty() || operations.contains(operation))
                && (references.isEmpty() || references.contains(reference));
    }
}
