package dev.processflow.payment.settlement;

import dev.processflow.payment.authorization.Authorizations;
import dev.processflow.payment.intent.Intents;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The alert metrics of settlements: {@code processflow_payment_settlements_pending} (captures, voids and in-doubt
 * authorizations waiting, given-up ones included) and {@code processflow_payment_settlements_oldest_pending_seconds}
 * (how long the oldest has waited; 0 when none). Refreshed from the database on a timer and after each sweep; the
 * age grows between refreshes. Created at startup, so the gauges are there from the first scrape.
 */
@Startup
@ApplicationScoped
public class SettlementBacklog {

    private static final Logger LOG = Logger.getLogger(SettlementBacklog.class);

    private final Intents intents;
    private final Authorizations authorizations;
    private volatile Intents.Backlog backlog = new Intents.Backlog(0, Optional.empty());

    public SettlementBacklog(Intents intents, Authorizations authorizations, MeterRegistry registry) {
        this.intents = intents;
        this.authorizations = authorizations;
        Gauge.builder("processflow.payment.settlements.pending", this, b -> b.backlog.pendingSettlements())
                .description("Captures, voids and in-doubt authorizations waiting for the payment provider")
                .register(registry);
        TimeGauge.builder("processflow.payment.settlements.oldest.pending", this, TimeUnit.SECONDS,
                        SettlementBacklog::oldestAgeSeconds)
                .description("Age of the oldest settlement still waiting for the payment provider")
                .register(registry);
    }

    private double oldestAgeSeconds() {
        return backlog.oldestPendingSettlement()
                .map(oldest -> Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0)).orElse(0.0);
    }

    @Scheduled(every = "${processflow.payment.settlement.backlog-refresh}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void refresh() {
        try {
            backlog = intents.backlog(authorizations.maxAttempts());
        } catch (RuntimeException e) {
            LOG.warnf("could not refresh the settlement backlog: %s", e.getMessage());
        }
    }

    public Intents.Backlog current() {
        return backlog;
    }
}
