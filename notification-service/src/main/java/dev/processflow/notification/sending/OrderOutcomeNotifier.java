package dev.processflow.notification.sending;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.notification.email.EmailComposer;
import dev.processflow.notification.email.OutgoingEmail;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The function: one email per order outcome ({@code order.confirmed} or {@code order.rejected}), whatever is
 * redelivered or duplicated. The (order, kind) notification is claimed in a committed transaction before the SMTP
 * call and marked SENT, with the {@code notification.sent} event, after it; see the module README for the one window
 * (a crash between the SMTP server's acceptance and that commit) that can still produce a second, identical email.
 */
@ApplicationScoped
public class OrderOutcomeNotifier {

    private static final Logger LOG = Logger.getLogger(OrderOutcomeNotifier.class);
    private static final Duration BUSY_POLL = Duration.ofMillis(250);

    private final EmailComposer composer;
    private final NotificationLedger ledger;
    private final EmailSender sender;
    private final MeterRegistry registry;

    public OrderOutcomeNotifier(EmailComposer composer, NotificationLedger ledger, EmailSender sender,
            MeterRegistry registry) {
        this.composer = composer;
        this.ledger = ledger;
        this.sender = sender;
        this.registry = registry;
    }

    /**
     * Returns when the email went out now or before, or was not needed; throws {@link NotificationFailedException}
     * after the last SMTP attempt and {@link MalformedEventException} for an event that has no business here.
     */
    public void apply(CloudEvent<?> event) {
        OutgoingEmail email;
        if (event.data() instanceof OrderConfirmed confirmed) {
            email = composer.confirmation(confirmed);
        } else if (event.data() instanceof OrderRejected rejected) {
            email = composer.rejection(rejected);
        } else if (event.data() instanceof OrderPlaced) {
            return;
        } else {
            throw new MalformedEventException(event.type().typeName() + " is not an order outcome");
        }
        Claim claim = awaitClaim(event, email);
        if (!(claim instanceof Claim.Granted granted)) {
            count(email, "duplicate");
            LOG.debugf("%s email of order %s: nothing to send (%s)", email.kind(), email.orderId(), claim);
            return;
        }
        send(granted.notificationId(), event, email);
    }

    private void send(UUID notificationId, CloudEvent<?> event, OutgoingEmail email) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            sender.send(notificationId, email, attempts);
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            ledger.markFailed(notificationId, attempts.get(), error);
            count(email, "failed");
            throw new NotificationFailedException("SMTP did not accept the " + email.kind() + " email of order "
                    + email.orderId() + " after " + attempts.get() + " attempts: " + error, e);
        }
        ledger.markSent(notificationId, event, attempts.get());
        count(email, "sent");
        LOG.debugf("%s email of order %s sent as notification %s after %d attempt(s)", email.kind(), email.orderId(),
                notificationId, attempts.get());
    }

    /** Waits out a concurrent sender: it finishes (SENT) or its lease ends and this delivery takes over. */
    private Claim awaitClaim(CloudEvent<?> event, OutgoingEmail email) {
        while (true) {
            Claim claim = ledger.claim(event, email);
            if (!(claim instanceof Claim.Busy busy)) {
                return claim;
            }
            Duration untilLeaseEnds = Duration.between(Instant.now(), busy.leaseUntil());
            sleep(untilLeaseEnds.compareTo(BUSY_POLL) < 0 ? untilLeaseEnds : BUSY_POLL);
        }
    }

    private void count(OutgoingEmail email, String outcome) {
        registry.counter("processflow.notifications", "kind", email.kind().name(), "outcome", outcome).increment();
    }

    private static void sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while another delivery was sending", e);
        }
    }
}
