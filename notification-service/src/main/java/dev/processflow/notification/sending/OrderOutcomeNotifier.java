package dev.processflow.notification.sending;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.Topics;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.notification.email.EmailComposer;
import dev.processflow.notification.email.OutgoingEmail;
import dev.processflow.platform.tracing.EventTracing;
import dev.processflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The function: one email per order outcome ({@code order.confirmed} or {@code order.rejected}), whatever is
 * redelivered or duplicated. The (order, kind) notification is claimed in a committed transaction before the SMTP
 * call, then one attempt is made: accepted marks it SENT with the {@code notification.sent} event, a refusal for good
 * (5xx) marks it FAILED at once, an unavailable server leaves it RETRYING for {@link NotificationRetries}. The
 * consumer never waits for the mail server beyond one attempt, and not at all while it is known to be down.
 * <p>
 * An e-mail the server accepted is never sent twice by this process: if the database is away when it is to be marked
 * SENT, the acceptance is remembered and recorded once the database is back (by the event's redelivery or the next
 * sweep), and the retry sweep leaves it alone meanwhile. See the module README for the one window (the process dying
 * between the server's acceptance and the SENT commit) that can still produce a second, identical email.
 */
@ApplicationScoped
public class OrderOutcomeNotifier {

    private static final Logger LOG = Logger.getLogger(OrderOutcomeNotifier.class);

    private final EmailComposer composer;
    private final NotificationLedger ledger;
    private final EmailSender sender;
    private final SmtpStatus smtp;
    private final MeterRegistry registry;
    private final EventTracing tracing;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration giveUpAfter;
    /** Notifications this process is sending right now, or saw accepted and has not yet marked SENT. */
    private final Set<UUID> inHand = ConcurrentHashMap.newKeySet();
    /** Notifications the mail server accepted whose SENT mark did not commit yet. */
    private final Map<UUID, Accepted> acceptedUnrecorded = new ConcurrentHashMap<>();

    /** An acceptance still to record: the order it is about and the trace it was sent in, which its record continues. */
    private record Accepted(UUID orderId, Optional<TraceContext> trace) {
    }

    public OrderOutcomeNotifier(EmailComposer composer, NotificationLedger ledger, EmailSender sender, SmtpStatus smtp,
            MeterRegistry registry, EventTracing tracing,
            @ConfigProperty(name = "processflow.notification.retry.initial-delay") Duration initialDelay,
            @ConfigProperty(name = "processflow.notification.retry.max-delay") Duration maxDelay,
            @ConfigProperty(name = "processflow.notification.retry.give-up-after") Duration giveUpAfter) {
        this.composer = composer;
        this.ledger = ledger;
        this.sender = sender;
        this.smtp = smtp;
        this.registry = registry;
        this.tracing = tracing;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.giveUpAfter = giveUpAfter;
    }

    /**
     * Returns when the email went out, was refused for good, waits for its retry, or was not needed; throws
     * {@link MalformedEventException} for an event that has no business here.
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
        Claim claim = ledger.claim(event, email);
        if (claim instanceof Claim.InHand held && acceptedUnrecorded.containsKey(held.notificationId())) {
            recordAccepted(held.notificationId(), Optional.of(event));
            return;
        }
        if (!(claim instanceof Claim.Granted granted)) {
            count(email, "duplicate");
            LOG.debugf("%s email of order %s: nothing to send (%s)", email.kind(), email.orderId(), claim);
            return;
        }
        if (smtp.outage().isPresent()) {
            // The retry sweep probes the server; until it takes an email again, new ones queue behind it.
            ledger.postpone(granted.notificationId(), Optional.of(event), Instant.now());
            count(email, "postponed");
            return;
        }
        attempt(granted.notificationId(), email, Optional.of(event), granted.attempts(), Instant.now());
    }

    /**
     * One SMTP attempt of a claimed notification and its record. {@code event} is the delivery that claimed it, absent
     * for a retry; {@code attempts} made before; {@code since} when the notification was first claimed.
     */
    EmailSender.Result attempt(UUID notificationId, OutgoingEmail email, Optional<CloudEvent<?>> event, int attempts,
            Instant since) {
        inHand.add(notificationId);
        try {
            return attemptInHand(notificationId, email, event, attempts, since);
        } finally {
            if (!acceptedUnrecorded.containsKey(notificationId)) {
                inHand.remove(notificationId);
            }
        }
    }

    /** Notifications the retry sweep must not take over: this process is sending them or recording their acceptance. */
    Set<UUID> inHand() {
        return Set.copyOf(inHand);
    }

    /** Marks SENT every e-mail accepted while the database was away; returns how many. */
    int recordAccepted() {
        int recorded = 0;
        for (Map.Entry<UUID, Accepted> accepted : Map.copyOf(acceptedUnrecorded).entrySet()) {
            tracing.within("notification recorded", accepted.getValue().trace(), Topics.NOTIFICATIONS,
                    accepted.getValue().orderId().toString(), () -> recordAccepted(accepted.getKey(), Optional.empty()));
            recorded++;
        }
        return recorded;
    }

    private void recordAccepted(UUID notificationId, Optional<CloudEvent<?>> event) {
        ledger.markSent(notificationId, event);
        acceptedUnrecorded.remove(notificationId);
        inHand.remove(notificationId);
        LOG.infof("notification %s, accepted by the mail server while the database was away, is recorded as SENT",
                notificationId);
    }

    private EmailSender.Result attemptInHand(UUID notificationId, OutgoingEmail email, Optional<CloudEvent<?>> event,
            int attempts, Instant since) {
        EmailSender.Result result = sender.send(notificationId, email);
        if (result instanceof EmailSender.Result.Accepted) {
            try {
                ledger.markSent(notificationId, event);
            } catch (RuntimeException databaseAway) {
                // Remembered only when the mark failed: a duplicate delivery running alongside must not record it too.
                acceptedUnrecorded.put(notificationId, new Accepted(email.orderId(), TraceContext.current()));
                throw databaseAway;
            }
            count(email, "sent");
            LOG.debugf("%s email of order %s sent as notification %s at attempt %d", email.kind(), email.orderId(),
                    notificationId, attempts + 1);
        } else if (result instanceof EmailSender.Result.Refused refused) {
            ledger.markFailed(notificationId, event, refused.reason());
            count(email, "failed");
            LOG.warnf("%s email of order %s refused for good by the mail server: %s", email.kind(), email.orderId(),
                    refused.reason());
        } else if (result instanceof EmailSender.Result.Unavailable unavailable) {
            retryLater(notificationId, email, event, attempts, since, unavailable.reason());
        }
        return result;
    }

    private void retryLater(UUID notificationId, OutgoingEmail email, Optional<CloudEvent<?>> event, int attempts,
            Instant since, String reason) {
        Instant now = Instant.now();
        if (Duration.between(since, now).compareTo(giveUpAfter) > 0) {
            ledger.markFailed(notificationId, event, "gave up after " + giveUpAfter + " of retries: " + reason);
            count(email, "failed");
            LOG.errorf("%s email of order %s given up after %s: %s", email.kind(), email.orderId(), giveUpAfter,
                    reason);
            return;
        }
        ledger.markRetry(notificationId, event, reason, now.plus(delay(attempts + 1)));
        count(email, "retrying");
        LOG.debugf("%s email of order %s waits for its retry: %s", email.kind(), email.orderId(), reason);
    }

    /** Before attempt {@code attempt + 1}: the initial delay, doubled per attempt, at most the maximum. */
    Duration delay(int attempt) {
        Duration delay = initialDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private void count(OutgoingEmail email, String outcome) {
        registry.counter("processflow.notifications", "kind", email.kind().name(), "outcome", outcome).increment();
    }
}
