package dev.processflow.payment.intent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs due intents: a dispatcher thread claims them (woken after each commit that opened one, polling as a safety
 * net) and hands each to a bounded pool of callers. Consumers never call the provider, so a slow or absent provider
 * holds up no event, and a backlog of parked settlements never delays a new authorization (those are claimed first).
 */
@ApplicationScoped
public class IntentRunner {

    private static final Logger LOG = Logger.getLogger(IntentRunner.class);

    private final Intents intents;
    private final IntentExecutor executor;
    private final IntentSignal signal;
    private final int concurrency;
    private final Duration pollInterval;
    private final Duration lease;
    private final Semaphore slots;
    /** Calls running plus a claim in progress: zero means nothing claimed is unrecorded. */
    private final AtomicInteger busy = new AtomicInteger();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> new Thread(r, "payment-intents"));
    private final ExecutorService callers;
    private volatile boolean started;
    /**
     * The last claim took as many intents as there were free slots (or there were none): more may be due, so a slot
     * freeing up wakes the dispatcher. Otherwise nothing else was due, and a wake-up per finished call would only
     * cost an empty claim transaction; new intents wake it on commit, retries falling due are found by the poll.
     */
    private volatile boolean boundBySlots;

    public IntentRunner(Intents intents, IntentExecutor executor, IntentSignal signal,
            @ConfigProperty(name = "processflow.payment.intents.concurrency") int concurrency,
            @ConfigProperty(name = "processflow.payment.intents.poll-interval") Duration pollInterval,
            @ConfigProperty(name = "processflow.payment.intents.lease") Duration lease,
            @ConfigProperty(name = "processflow.payment.provider.connect-timeout") Duration connectTimeout,
            @ConfigProperty(name = "processflow.payment.provider.read-timeout") Duration readTimeout) {
        if (lease.compareTo(connectTimeout.plus(readTimeout)) <= 0) {
            throw new IllegalStateException("processflow.payment.intents.lease (" + lease + ") must be longer than a "
                    + "call can take (connect-timeout + read-timeout = " + connectTimeout.plus(readTimeout)
                    + "), or a slow call would be repeated while it still runs");
        }
        this.intents = intents;
        this.executor = executor;
        this.signal = signal;
        this.concurrency = concurrency;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.slots = new Semaphore(concurrency);
        this.callers = Executors.newFixedThreadPool(concurrency, r -> new Thread(r, "payment-provider-call"));
    }

    void start(@Observes StartupEvent startup) {
        started = true;
        dispatcher.submit(this::dispatch);
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        started = false;
        signal.wakeUp();
        dispatcher.shutdown();
        callers.shutdown();
        dispatcher.awaitTermination(10, TimeUnit.SECONDS);
        callers.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void dispatch() {
        Duration backoff = Duration.ofMillis(100);
        while (started) {
            try {
                int free = slots.availablePermits();
                List<ClaimedIntent> claimed;
                busy.incrementAndGet();
                try {
                    claimed = free == 0 ? List.of() : intents.claimDue(Instant.now(), free, lease);
                    for (ClaimedIntent intent : claimed) {
                        slots.acquire();
                        busy.incrementAndGet();
                        callers.submit(() -> run(intent));
                    }
                } finally {
                    busy.decrementAndGet();
                }
                boundBySlots = free == 0 || claimed.size() == free;
                if (!boundBySlots || free == 0) {
                    signal.await(pollInterval);
                }
                backoff = Duration.ofMillis(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!started) {
                    return;
                }
                LOG.warnf("claiming due payment intents failed, trying again in %d ms: %s", backoff.toMillis(), e.getMessage());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            }
        }
    }

    private void run(ClaimedIntent intent) {
        try {
            executor.execute(intent);
        } finally {
            busy.decrementAndGet();
            slots.release();
            if (boundBySlots) {
                signal.wakeUp();
            }
        }
    }

    /**
     * Wakes the dispatcher and returns once nothing is due or running any more, or {@code budget} has passed; for a
     * trigger (a PingSource tick) whose request must last as long as the work it started.
     */
    public boolean awaitIdle(Duration budget) {
        Instant deadline = Instant.now().plus(budget);
        while (Instant.now().isBefore(deadline)) {
            signal.wakeUp();
            // in this order: an intent no longer due was claimed before, so its claim or call is counted as busy
            if (intents.countDue(Instant.now()) == 0 && busy.get() == 0) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    public int concurrency() {
        return concurrency;
    }
}
