package dev.processflow.order.timeout;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** In-process trigger of the saga timeout; under Knative a PingSource calls the same function over HTTP. */
@ApplicationScoped
public class TimeoutSweeper {

    private final SagaTimeout timeout;

    public TimeoutSweeper(SagaTimeout timeout) {
        this.timeout = timeout;
    }

    @Scheduled(every = "${processflow.saga.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        while (timeout.rejectOverdue(Instant.now()) > 0) {
            // keep going until no overdue order is left
        }
    }
}
