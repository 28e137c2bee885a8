package dev.processflow.payment.reconciliation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

@ApplicationScoped
public class ReconciliationHistory {

    @Transactional
    public List<ReconciliationRun> latest(int limit) {
        return ReconciliationRun.latest(limit);
    }
}
