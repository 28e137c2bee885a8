package dev.processflow.payment.authorization;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** In-process trigger of the authorization retries; under Knative a PingSource would call the same function. */
@ApplicationScoped
public class RetryWorker {

    private final AuthorizationRetries retries;

    public RetryWorker(AuthorizationRetries retries) {
        this.retries = retries;
    }

    /** Fixes {@code now} per sweep: a payment rescheduled during the sweep is due later, so the loop ends. */
    @Scheduled(every = "${processflow.payment.retry.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void retryDue() {
        Instant now = Instant.now();
        boolean more = true;
        while (more) {
            more = retries.retryNextDue(now);
        }
    }
}
