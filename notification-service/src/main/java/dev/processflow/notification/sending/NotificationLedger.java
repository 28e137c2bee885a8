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
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The notification rows, each change in its own committed transaction: the claim before the SMTP call, the outcome
 * after it. Nothing is held open while the mail server is talked to.
 */
@ApplicationScoped
public class NotificationLedger {

    private static final int MAX_ERROR_LENGTH = 1000;

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
     * Claims the notification of this event's (order, kind) for one send. A SENT one is never claimed again; a FAILED
     * one, or a SENDING one whose lease ran out (its sender died), is taken over under its existing id.
     */
    Claim claim(CloudEvent<?> event, OutgoingEmail email) {
        return QuarkusTransaction.requiringNew().call(() -> {
            // Read, not written: the event's id is recorded only with its effect (the SENT mark), so a delivery
            // that crashed or failed before that can still be redelivered and finish the job.
            if (processedEvents.seen(event)) {
                return new Claim.Duplicate();
            }
            Instant now = Instant.now();
            UUID id = UUID.randomUUID();
            int inserted = entityManager.createNativeQuery("""
                    INSERT INTO notification (id, order_id, kind, recipient, subject, status, attempts, lease_until,
                                              event_id, created_at, updated_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, 'SENDING', 0, ?6, ?7, ?8, ?8)
                    ON CONFLICT (order_id, kind) DO NOTHING""")
                    .setParameter(1, id)
                    .setParameter(2, email.orderId())
                    .setParameter(3, email.kind().name())
                    .setParameter(4, email.to())
                    .setParameter(5, email.subject())
                    .setParameter(6, Timestamp.from(now.plus(lease)))
                    .setParameter(7, event.id())
                    .setParameter(8, Timestamp.from(now))
                    .executeUpdate();
            if (inserted == 1) {
                return new Claim.Granted(id);
            }
            Notification notification = Notification.<Notification>find("orderId = ?1 and kind = ?2",
                    email.orderId(), email.kind()).withLock(LockModeType.PESSIMISTIC_WRITE).singleResult();
            if (notification.status == NotificationStatus.SENT) {
                processedEvents.firstDelivery(event);
                return new Claim.AlreadySent(notification.id);
            }
            if (notification.status == NotificationStatus.SENDING && notification.leaseUntil.isAfter(now)) {
                return new Claim.Busy(notification.leaseUntil);
            }
            notification.status = NotificationStatus.SENDING;
            notification.leaseUntil = now.plus(lease);
            notification.recipient = email.to();
            notification.subject = email.subject();
            notification.updatedAt = now;
            return new Claim.Granted(notification.id);
        });
    }

    /**
     * Records the accepted email with this event's id and announces it, once: if a sender that took over after an
     * expired lease got there first, only the attempts are added. Retried on its own, because failing here after the
     * SMTP server accepted the email is what could cause a second one.
     */
    @Retry(maxRetries = 5, delay = 200, jitter = 100)
    @ExponentialBackoff(factor = 2, maxDelay = 5_000)
    public void markSent(UUID notificationId, CloudEvent<?> event, int attempts) {
        QuarkusTransaction.requiringNew().run(() -> {
            Notification notification = Notification.findById(notificationId, LockModeType.PESSIMISTIC_WRITE);
            processedEvents.firstDelivery(event);
            Instant now = Instant.now();
            notification.attempts += attempts;
            notification.updatedAt = now;
            notification.leaseUntil = null;
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

    /** Records a send that ran out of attempts, unless another sender meanwhile succeeded. */
    @Retry(maxRetries = 5, delay = 200, jitter = 100)
    @ExponentialBackoff(factor = 2, maxDelay = 5_000)
    public void markFailed(UUID notificationId, int attempts, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            Notification notification = Notification.findById(notificationId, LockModeType.PESSIMISTIC_WRITE);
            notification.attempts += attempts;
            notification.updatedAt = Instant.now();
            if (notification.status == NotificationStatus.SENDING) {
                notification.status = NotificationStatus.FAILED;
                notification.leaseUntil = null;
                notification.lastError = BoundedText.fit(error, MAX_ERROR_LENGTH);
            }
        });
    }
}
