package dev.processflow.payment.reconciliation;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The in-process trigger of reconciliation while the service runs; under Knative a PingSource tick adds its own. */
@ApplicationScoped
public class ReconciliationSchedule {

    private static final Logger LOG = Logger.getLogger(ReconciliationSchedule.class);

    private final Reconciliation reconciliation;

    public ReconciliationSchedule(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Scheduled(every = "${processflow.payment.reconciliation.interval}", delayed = "${processflow.payment.reconciliation.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reconcile() {
        try {
            reconciliation.run(ReconciliationTrigger.SCHEDULE);
        } catch (RuntimeException e) {
            LOG.warnf("scheduled reconciliation failed; the next one tries again: %s", e.getMessage());
        }
    }
}
