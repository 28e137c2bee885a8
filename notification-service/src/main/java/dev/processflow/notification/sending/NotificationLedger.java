package dev.processflow.notification.sending;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.notification.NotificationSent;
import dev.processflow.notification.Notification;
import dev.processflow.notification.NotificationStatus;
import dev.processflow.notification.email.OutgoingEmail;
import dev.processflow.platform.eventing.Outbox;
import dev.processflow.platform.eventing.ProcessedEvents;
import dev.processflow.platform.persistence.BoundedText;
import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.processflow.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The notification rows, each change in its own committed transaction: the claim before the SMTP call, the outcome
 * after it. Nothing is held open while the mail server is talked to.
 */
@ApplicationScoped
public class NotificationLedger {

    private static final int MAX_ERROR_LENGTH = 1000;

    /**
     * A notification claimed for one SMTP attempt, with everything the attempt needs; {@code takenOver} when its
     * previous sender's lease had run out while SENDING.
     */
    public record Claimed(UUID id, OutgoingEmail email, int attempts, Instant createdAt, boolean takenOver,
            Optional<TraceContext> trace) {
    }

    private final EntityManager entityManager;
    private final ProcessedEvents processedEvents;
    private final Outbox outbox;
    private final Duration lease;

    public NotificationLedger(EntityManager entityManager, ProcessedEvents processedEvents, Outbox outbox,
            @ConfigProperty(name = "processflow.notification.claim-lease") Duration lease) {
        this.entityManager = entityManager;
        this.processedEvents = processedEvents;
        this.outbox = outbox;
        this.lease = lease;
    }

    /**
     * Claims the notification of this event's (order, kind) for one send, storing the rendered e-mail with it. A
     * SENT one is never claimed again; a FAILED one is taken over under its existing id (the same Message-ID). One
     * that another delivery is sending, or that waits for its retry, is left to them.
     */
    Claim claim(CloudEvent<?> event, OutgoingEmail email) {
        return QuarkusTransaction.requiringNew().call(() -> {
            // Read, not written: the event's id is recorded only with its effect (SENT, FAILED or RETRYING), so a
            // delivery that crashed before that can still be redelivered and finish the job.
            if (processedEvents.seen(event)) {
                return new Claim.Duplicate();
            }
            Instant now = now();
            UUID id = UUID.randomUUID();
            Optional<TraceContext> trace = TraceContext.current();
            int inserted = entityManager.createNativeQuery("""
                    INSERT INTO notification (id, order_id, kind, recipient, subject, status, attempts, lease_until,
                                              event_id, created_at, updated_at, customer_id, body_text, body_html,
                                              trace_parent, trace_state)
                    VALUES (?1, ?2, ?3, ?4, ?5, 'SENDING', 0, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12, ?13)
                    ON CONFLICT (order_id, kind) DO NOTHING""")
                    .setParameter(1, id)
                    .setParameter(2, email.orderId())
                    .setParameter(3, email.kind().name())
                    .setParameter(4, email.to())
                    .setParameter(5, email.subject())
                    .setParameter(6, Timestamp.from(now.plus(lease)))
                    .setParameter(7, event.id())
                    .setParameter(8, Timestamp.from(now))
                    .setParameter(9, email.customerId())
                    .setParameter(10, email.text())
                    .setParameter(11, email.html())
                    .setParameter(12, trace.map(TraceContext::traceparent).orElse(null))
                    .setParameter(13, trace.map(TraceContext::tracestate).orElse(null))
                    .executeUpdate();
            if (inserted == 1) {
                return new Claim.Granted(id, 0);
            }
            Notification notification = Notification.<Notification>find("orderId = ?1 and kind = ?2",
                    email.orderId(), email.kind()).withLock(LockModeType.PESSIMISTIC_WRITE).singleResult();
            switch (notification.status) {
                case SENT -> {
                    processedEvents.firstDelivery(event);
                    return new Claim.AlreadySent(notification.id);
                }
                case SENDING, RETRYING -> {
                    // The sender, or the retry sweep, owns it; a sender that died is taken over by the sweep.
                    processedEvents.firstDelivery(event);
                    return new Claim.InHand(notification.id, notification.status);
                }
                case FAILED -> {
                    notification.status = NotificationStatus.SENDING;
                    notification.leaseUntil = now.plus(lease);
                    notification.customerId = email.customerId();
                    notification.recipient = email.to();
                    notification.subject = email.subject();
                    notification.bodyText = email.text();
                    notification.bodyHtml = email.html();
                    notification.updatedAt = now;
                    notification.traceParent = trace.map(TraceContext::traceparent).orElse(null);
                    notification.traceState = trace.map(TraceContext::tracestate).orElse(null);
                    return new Claim.Granted(notification.id, notification.attempts);
                }
                default -> throw new IllegalStateException("notification " + notification.id + " is "
                        + notification.status);
            }
        });
    }

    /**
     * Claims up to {@code limit} notifications whose retry is due, or whose sender's lease ran out while SENDING,
     * oldest due first, leaving out those this process has in hand; each is SENDING under a fresh lease when this
     * returns.
     */
    List<Claimed> claimDue(int limit, Set<UUID> inHand) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = now();
            @SuppressWarnings("unchecked")
            List<UUID> due = entityManager.createNativeQuery("""
                    SELECT id FROM notification
                    WHERE ((status = 'RETRYING' AND next_attempt_at <= ?1) OR (status = 'SENDING' AND lease_until < ?1))
                      AND NOT (id = ANY(?3))
                    ORDER BY coalesce(next_attempt_at, lease_until) LIMIT ?2 FOR UPDATE SKIP LOCKED""", UUID.class)
                    .setParameter(1, Timestamp.from(now))
                    .setParameter(2, limit)
                    .setParameter(3, inHand.toArray(UUID[]::new))
                    .getResultList();
            return due.stream().map(id -> {
                Notification notification = Notification.findById(id);
                boolean takenOver = notification.status == NotificationStatus.SENDING;
                notification.status = NotificationStatus.SENDING;
                notification.leaseUntil = now.plus(lease);
                notification.updatedAt = now;
                return new Claimed(notification.id, new OutgoingEmail(notification.orderId, notification.customerId, notification.kind,
                        notification.recipient, notification.subject, notification.bodyText, notification.bodyHtml),
                        notification.attempts, notification.createdAt, takenOver,
                        TraceContext.parse(notification.traceParent, notification.traceState));
            }).toList();
        });
    }

    /**
     * Records the accepted email and announces it, once: if a sender that took over after an expired lease got there
     * first, only the attempt is added. {@code event} is the delivery's, recorded as handled; absent for a retry.
     */
    void markSent(UUID notificationId, Optional<CloudEvent<?>> event) {
        QuarkusTransaction.requiringNew().run(() -> {
            Notification notification = lock(notificationId, event);
            Instant now = now();
            notification.attempts++;
            notification.updatedAt = now;
            notification.leaseUntil = null;
            notification.nextAttemptAt = null;
            if (notification.status == NotificationStatus.SENT) {
                return;
            }
            notification.status = NotificationStatus.SENT;
            notification.sentAt = now;
            notification.lastError = null;
            outbox.emit(CloudEvent.create(Sources.NOTIFICATION_SERVICE, EventType.NOTIFICATION_SENT,
                    notification.orderId.toString(), new NotificationSent(notification.orderId, notification.id,
                            notification.kind, notification.recipient)));
        });
    }

    /** The server refused the email for good: FAILED at once, unless another sender meanwhile succeeded. */
    void markFailed(UUID notificationId, Optional<CloudEvent<?>> event, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            Notification notification = lock(notificationId, event);
            notification.attempts++;
            notification.updatedAt = now();
            if (notification.status != NotificationStatus.SENT) {
                notification.status = NotificationStatus.FAILED;
                notification.leaseUntil = null;
                notification.nextAttemptAt = null;
                notification.lastError = BoundedText.fit(error, MAX_ERROR_LENGTH);
            }
        });
    }

    /** The server was unavailable: the notification waits as RETRYING until {@code next}. */
    void markRetry(UUID notificationId, Optional<CloudEvent<?>> event, String error, Instant next) {
        QuarkusTransaction.requiringNew().run(() -> {
            Notification notification = lock(notificationId, event);
            notification.attempts++;
            notification.updatedAt = now();
            if (notification.status != NotificationStatus.SENT) {
                notification.status = NotificationStatus.RETRYING;
                notification.leaseUntil = null;
                notification.nextAttemptAt = next;
                notification.lastError = BoundedText.fit(error, MAX_ERROR_LENGTH);
            }
        });
    }

    /** Gives a claimed notification back untried: it waits as RETRYING until {@code next}, its attempts unchanged. */
    void postpone(UUID notificationId, Optional<CloudEvent<?>> event, Instant next) {
        QuarkusTransaction.requiringNew().run(() -> {
            Notification notification = lock(notificationId, event);
            if (notification.status == NotificationStatus.SENDING) {
                notification.status = NotificationStatus.RETRYING;
                notification.leaseUntil = null;
                notification.nextAttemptAt = next;
                notification.updatedAt = now();
            }
        });
    }

    private Notification lock(UUID notificationId, Optional<CloudEvent<?>> event) {
        Notification notification = Notification.findById(notificationId, LockModeType.PESSIMISTIC_WRITE);
        event.ifPresent(processedEvents::firstDelivery);
        return notification;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
