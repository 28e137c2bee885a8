package dev.processflow.payment.intent;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bounded pool of provider callers: one slot per call in flight. Slots are taken by the runner's dispatcher for
 * the intents it claims, or by the transaction that opens an intent and claims it itself while a slot is free (its
 * call then starts as it commits, with no claim transaction of its own).
 */
@ApplicationScoped
public class CallSlots {

    private final IntentExecutor executor;
    private final IntentSignal signal;
    private final Duration lease;
    private final Semaphore free;
    /** Slots taken plus claims in progress: zero means nothing claimed is unrecorded. */
    private final AtomicInteger busy = new AtomicInteger();
    private final ExecutorService callers;
    private volatile boolean accepting = true;
    /**
     * The dispatcher's last claim took as many intents as it had slots: more may be due, so a slot freeing up wakes
     * it. Otherwise a wake-up per finished call would only cost an empty claim transaction; new intents wake it on
     * commit, retries falling due are found by its poll.
     */
    private volatile boolean wakeWhenFreed;

    public CallSlots(IntentExecutor executor, IntentSignal signal,
            @ConfigProperty(name = "processflow.payment.intents.concurrency") int concurrency,
            @ConfigProperty(name = "processflow.payment.intents.lease") Duration lease,
            @ConfigProperty(name = "processflow.payment.provider.connect-timeout") Duration connectTimeout,
            @ConfigProperty(name = "processflow.payment.provider.read-timeout") Duration readTimeout) {
        if (lease.compareTo(connectTimeout.plus(readTimeout)) <= 0) {
            throw new IllegalStateException("processflow.payment.intents.lease (" + lease + ") must be longer than a "
                    + "call can take (connect-timeout + read-timeout = " + connectTimeout.plus(readTimeout)
                    + "), or a slow call would be repeated while it still runs");
        }
        this.executor = executor;
        this.signal = signal;
        this.lease = lease;
        this.free = new Semaphore(concurrency);
        this.callers = Executors.newFixedThreadPool(concurrency, r -> new Thread(r, "payment-provider-call"));
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        accepting = false;
        callers.shutdown();
        callers.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** How long a claim holds its intent: it is due again after that should its call never be recorded. */
    Duration lease() {
        return lease;
    }

    /** Takes every free slot for a claim of at most that many intents; counts the claim as busy until it ends. */
    int takeAllForClaim() {
        busy.incrementAndGet();
        return free.drainPermits();
    }

    /**
     * Ends the dispatcher's claim: starts a call per claimed intent on the slots taken, gives the rest back.
     * {@code boundBySlots}: the claim had no slot left over, so freed slots should wake the dispatcher.
     */
    void endClaim(int taken, Iterable<ClaimedIntent> claimed, boolean boundBySlots) {
        wakeWhenFreed = boundBySlots;
        int started = 0;
        try {
            for (ClaimedIntent intent : claimed) {
                start(intent);
                started++;
            }
        } finally {
            free.release(taken - started);
            busy.decrementAndGet();
        }
    }

    /**
     * A slot for an intent its opening transaction claims itself, if one is free now: returns the end of the claim's
     * lease. The slot stays taken until {@link #startReserved} or {@link #releaseReserved}.
     */
    Optional<Instant> reserve(Instant now) {
        if (!accepting || !free.tryAcquire()) {
            return Optional.empty();
        }
        busy.incrementAndGet();
        return Optional.of(now.plus(lease));
    }

    /** The reserving transaction committed its claimed intent: its call starts on the reserved slot. */
    void startReserved(ClaimedIntent intent) {
        start(intent);
        busy.decrementAndGet();
    }

    /** The reserving transaction rolled back, or its intent closed before it committed: no call is made. */
    void releaseReserved() {
        busy.decrementAndGet();
        freeSlot();
    }

    /** Nothing claimed is waiting for its call or its recording. */
    boolean idle() {
        return busy.get() == 0;
    }

    /** On a taken slot. If the pool no longer takes work (shutdown), the claim's lease runs out and it is due again. */
    private void start(ClaimedIntent intent) {
        busy.incrementAndGet();
        try {
            callers.submit(() -> call(intent));
        } catch (RejectedExecutionException e) {
            busy.decrementAndGet();
            freeSlot();
        }
    }

    private void call(ClaimedIntent intent) {
        try {
            executor.execute(intent);
        } finally {
            busy.decrementAndGet();
            freeSlot();
        }
    }

    private void freeSlot() {
        free.release();
        if (wakeWhenFreed) {
            signal.wakeUp();
        }
    }
}
