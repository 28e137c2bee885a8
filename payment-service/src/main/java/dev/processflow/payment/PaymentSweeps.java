package dev.processflow.payment;

import dev.processflow.payment.intent.IntentRunner;
import dev.processflow.payment.reconciliation.Reconciliation;
import dev.processflow.payment.reconciliation.ReconciliationTrigger;
import dev.processflow.payment.settlement.SettlementBacklog;
import dev.processflow.platform.sweep.Sweep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Everything payment-service does on timers, as one function a Knative PingSource can trigger while the service is
 * scaled to zero: runs the intents that are due (authorization retries, parked captures and voids) and returns once
 * they are done or {@code budget} has passed, so the tick's request keeps the pod up for exactly as long as the work;
 * then reconciles if the last reconciliation is older than its interval, and refreshes the backlog gauges.
 */
@ApplicationScoped
public class PaymentSweeps implements Sweep {

    private static final Logger LOG = Logger.getLogger(PaymentSweeps.class);

    private final IntentRunner runner;
    private final Reconciliation reconciliation;
    private final SettlementBacklog backlog;
    private final Duration budget;

    public PaymentSweeps(IntentRunner runner, Reconciliation reconciliation, SettlementBacklog backlog,
            @ConfigProperty(name = "processflow.payment.sweep.budget") Duration budget) {
        this.runner = runner;
        this.reconciliation = reconciliation;
        this.backlog = backlog;
        this.budget = budget;
    }

    @Override
    public String name() {
        return "payments";
    }

    /** Returns how many payments a due reconciliation repaired. */
    @Override
    public int sweep() {
        if (!runner.awaitIdle(budget)) {
            LOG.infof("due payment intents still running after %s; the next tick continues", budget);
        }
        int repaired = reconciliation.runIfDue(ReconciliationTrigger.PING)
                .map(run -> run.captures + run.voids + run.authorizations).orElse(0);
        backlog.refresh();
        return repaired;
    }
}
