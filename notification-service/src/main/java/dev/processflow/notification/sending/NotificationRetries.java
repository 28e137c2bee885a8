package dev.processflow.notification.sending;

import dev.processflow.notification.sending.NotificationLedger.Claimed;
import dev.processflow.platform.sweep.Sweep;
import io.micrometer.core.instrument.MeterRegistry;
import dev.processflow.events.Topics;
import dev.processflow.platform.tracing.EventTracing;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the notifications that wait for a retry once it is due, and takes over the ones stuck in SENDING after their
 * sender died (its lease ran out), under the same id and Message-ID. While the mail server is unavailable, one
 * attempt per sweep probes it and the rest wait for the next sweep, so an outage costs one attempt a second, not one
 * per email.
 */
@ApplicationScoped
public class NotificationRetries implements Sweep {

    private static final Logger LOG = Logger.getLogger(NotificationRetries.class);

    private final NotificationLedger ledger;
    private final OrderOutcomeNotifier notifier;
    private final MeterRegistry registry;
    private final EventTracing tracing;
    private final int batchSize;

    public NotificationRetries(NotificationLedger ledger, OrderOutcomeNotifier notifier, MeterRegistry registry,
            EventTracing tracing, @ConfigProperty(name = "processflow.notification.retry.batch-size") int batchSize) {
        this.ledger = ledger;
        this.notifier = notifier;
        this.registry = registry;
        this.tracing = tracing;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "notification-retries";
    }

    /**
     * Records what was accepted while the database was away, then attempts every due notification, batch after batch,
     * until none is due or the server is unavailable.
     */
    @Override
    public int sweep() {
        int attempted = notifier.recordAccepted();
        while (true) {
            List<Claimed> due = ledger.claimDue(batchSize, notifier.inHand());
            for (int i = 0; i < due.size(); i++) {
                Claimed claimed = due.get(i);
                if (claimed.takenOver()) {
                    registry.counter("processflow.notifications.taken-over").increment();
                    LOG.infof("notification %s of order %s was left SENDING by a sender that stopped; sending it again",
                            claimed.id(), claimed.email().orderId());
                }
                attempted++;
                if (claimed.email().text() == null) {
                    // Claimed before e-mails were stored with their claim: the order event, redelivered, renders it.
                    ledger.markFailed(claimed.id(), Optional.empty(), "no stored content to send again; redeliver "
                            + "the order's outcome event to send it");
                    continue;
                }
                // In the order's trace: the attempt, and the notification.sent it may announce, belong to its flow.
                EmailSender.Result result = tracing.within("notification retry", claimed.trace(), Topics.NOTIFICATIONS,
                        claimed.email().orderId().toString(), () -> notifier.attempt(claimed.id(), claimed.email(),
                                Optional.empty(), claimed.attempts(), claimed.createdAt()));
                if (result instanceof EmailSender.Result.Unavailable) {
                    due.subList(i + 1, due.size())
                            .forEach(rest -> ledger.postpone(rest.id(), Optional.empty(), Instant.now()));
                    return attempted;
                }
            }
            if (due.size() < batchSize) {
                return attempted;
            }
        }
    }
}
