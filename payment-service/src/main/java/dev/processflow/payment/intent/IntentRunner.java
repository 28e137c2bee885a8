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
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs due intents: a dispatcher thread claims them (woken after each commit that opened one it must run, polling as
 * a safety net) and hands each to the {@link CallSlots}. Consumers never call the provider, so a slow or absent
 * provider holds up no event, and a backlog of parked settlements never delays a new authorization (those are claimed
 * first).
 */
@ApplicationScoped
public class IntentRunner {

    private static final Logger LOG = Logger.getLogger(IntentRunner.class);

    private final Intents intents;
    private final CallSlots slots;
    private final IntentSignal signal;
    private final Duration pollInterval;
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> new Thread(r, "payment-intents"));
    private volatile boolean started;

    public IntentRunner(Intents intents, CallSlots slots, IntentSignal signal,
            @ConfigProperty(name = "processflow.payment.intents.poll-interval") Duration pollInterval) {
        this.intents = intents;
        this.slots = slots;
        this.signal = signal;
        this.pollInterval = pollInterval;
    }

    void start(@Observes StartupEvent startup) {
        started = true;
        dispatcher.submit(this::dispatch);
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        started = false;
        signal.wakeUp();
        dispatcher.shutdown();
        dispatcher.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void dispatch() {
        Duration backoff = Duration.ofMillis(100);
        while (started) {
            try {
                int free = slots.takeAllForClaim();
                List<ClaimedIntent> claimed = List.of();
                try {
                    claimed = free == 0 ? List.of() : intents.claimDue(Instant.now(), free, slots.lease());
                } finally {
                    slots.endClaim(free, claimed, free == 0 || claimed.size() == free);
                }
                if (claimed.size() < free || free == 0) {
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

    /**
     * Wakes the dispatcher and returns once nothing is due or running any more, or {@code budget} has passed; for a
     * trigger (a PingSource tick) whose request must last as long as the work it started.
     */
    public boolean awaitIdle(Duration budget) {
        Instant deadline = Instant.now().plus(budget);
        while (Instant.now().isBefore(deadline)) {
            signal.wakeUp();
            // in this order: an intent no longer due was claimed before, so its claim or call is counted as busy
            if (intents.countDue(Instant.now()) == 0 && slots.idle()) {
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
}
