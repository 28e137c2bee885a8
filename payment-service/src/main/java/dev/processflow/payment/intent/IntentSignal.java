package dev.processflow.payment.intent;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the intent runner: after a commit that opened an intent, and whenever a call slot frees up. */
@ApplicationScoped
public class IntentSignal {

    private final Semaphore wakeUps = new Semaphore(0);

    public void wakeUp() {
        wakeUps.release();
    }

    /** Waits for a wake-up or the timeout, then forgets any further wake-ups that piled up meanwhile. */
    void await(Duration timeout) throws InterruptedException {
        wakeUps.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        wakeUps.drainPermits();
    }
}
