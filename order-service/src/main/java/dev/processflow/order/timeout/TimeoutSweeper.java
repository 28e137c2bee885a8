package dev.processflow.order.timeout;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Triggers the saga timeout: on a timer while the process runs, and from a Knative PingSource over HTTP so that
 * deadlines still pass while the service is scaled to zero.
 */
@ApplicationScoped
public class TimeoutSweeper {

    private final SagaTimeout timeout;

    public TimeoutSweeper(SagaTimeout timeout) {
        this.timeout = timeout;
    }

    @Scheduled(every = "${processflow.saga.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void sweep() {
        int rejected;
        do {
            rejected = timeout.rejectOverdue(Instant.now());
        } while (rejected > 0);
    }
}
