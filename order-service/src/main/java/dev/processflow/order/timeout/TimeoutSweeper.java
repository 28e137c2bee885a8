package dev.processflow.order.timeout;

import dev.processflow.platform.sweep.Sweep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Triggers the saga timeout: on a timer while the process runs, and from a Knative PingSource over HTTP (with the
 * service's other sweeps) so that deadlines still pass while the service is scaled to zero.
 */
@ApplicationScoped
public class TimeoutSweeper implements Sweep {

    private final SagaTimeout timeout;

    public TimeoutSweeper(SagaTimeout timeout) {
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "saga-timeout";
    }

    /** Rejects every overdue order; returns how many. */
    @Override
    public int sweep() {
        int total = 0;
        int rejected;
        do {
            rejected = timeout.rejectOverdue(Instant.now());
            total += rejected;
        } while (rejected > 0);
        return total;
    }
}
