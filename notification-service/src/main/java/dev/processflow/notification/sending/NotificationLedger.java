package dev.processflow.notification.sending;

import static dev.processflow.platform.persistence.SqlTimes.utc;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.notification.NotificationKind;
import dev.processflow.events.notification.NotificationSent;
import dev.processflow.notification.Notification;
import dev.processflow.notification.NotificationStatus;
import dev.processflow.notification.email.OutgoingEmail;
import dev.processflow.platform.eventing.Outbox;
import dev.processflow.platform.eventing.ProcessedEvents;
import dev.processflow.platform.persistence.BoundedText;
import dev.processflow.platform.persistence.TransactionConnection;
import dev.processflow.platform.tracing.TraceContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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
    private final TransactionConnection connections;
    private final ProcessedEvents processedEvents;
    private final Outbox outbox;
    private final Duration lease;

    public NotificationLedger(EntityManager entityManager, TransactionConnection connections,
            ProcessedEvents processedEvents, Outbox outbox,
            @ConfigProperty(name = "processflow.notification.claim-lease") Duration lease) {
        this.entityManager = entityManager;
        this.connections = connections;
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
            boolean inserted = connections.apply(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO notification (id, order_id, kind, recipient, subject, status, attempts, lease_until,
                                                  event_id, created_at, updated_at, customer_id, body_text, body_html,
                                                  trace_parent, trace_state)
                        VALUES (?, ?, ?, ?, ?, 'SENDING', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (order_id, kind) DO NOTHING""")) {
                    insert.setObject(1, id);
                    insert.setObject(2, email.orderId());
                    insert.setString(3, email.kind().name());
                    insert.setString(4, email.to());
                    insert.setString(5, email.subject());
                    insert.setObject(6, utc(now.plus(lease)));
                    insert.setObject(7, event.id());
                    insert.setObject(8, utc(now));
                    insert.setObject(9, utc(now));
                    insert.setString(10, email.customerId());
                    insert.setString(11, email.text());
                    insert.setString(12, email.html());
                    insert.setString(13, trace.map(TraceContext::traceparent).orElse(null));
                    insert.setString(14, trace.map(TraceContext::tracestate).orElse(null));
                    return insert.executeUpdate() == 1;
                }
            });
            if (inserted) {
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
                return new Claimed(notification.id, new OutgoingEmail(notification.orderId, notification.customerId,
                        notification.kind, notification.recipient, notification.subject, notification.bodyText,
                        notification.bodyHtml),
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
            Locked notification = recordAttempt(notificationId, event, """
                    status = 'SENT', sent_at = ?, lease_until = NULL, next_attempt_at = NULL, last_error = NULL""",
                    utc(now()));
            if (notification.status() != NotificationStatus.SENT) {
                outbox.emit(CloudEvent.create(Sources.NOTIFICATION_SERVICE, EventType.NOTIFICATION_SENT,
                        notification.orderId().toString(), new NotificationSent(notification.orderId(),
                                notificationId, notification.kind(), notification.recipient())));
            }
        });
    }

    /** The server refused the email for good: FAILED at once, unless another sender meanwhile succeeded. */
    void markFailed(UUID notificationId, Optional<CloudEvent<?>> event, String error) {
        QuarkusTransaction.requiringNew().run(() -> recordAttempt(notificationId, event, """
                status = 'FAILED', lease_until = NULL, next_attempt_at = NULL, last_error = ?""",
                BoundedText.fit(error, MAX_ERROR_LENGTH)));
    }

    /** The server was unavailable: the notification waits as RETRYING until {@code next}. */
    void markRetry(UUID notificationId, Optional<CloudEvent<?>> event, String error, Instant next) {
        QuarkusTransaction.requiringNew().run(() -> recordAttempt(notificationId, event, """
                status = 'RETRYING', lease_until = NULL, next_attempt_at = ?, last_error = ?""",
                utc(next), BoundedText.fit(error, MAX_ERROR_LENGTH)));
    }

    /**
     * Counts an attempt of the locked notification and sets its outcome ({@code assignments} with their
     * {@code parameters}), unless another sender's attempt was accepted meanwhile: SENT stays. Returns the row as it
     * was before.
     */
    private Locked recordAttempt(UUID notificationId, Optional<CloudEvent<?>> event, String assignments,
            Object... parameters) {
        Locked notification = lock(notificationId, event);
        OffsetDateTime now = utc(now());
        if (notification.status() == NotificationStatus.SENT) {
            update(notificationId, "attempts = attempts + 1, updated_at = ?", now);
        } else {
            Object[] all = new Object[parameters.length + 1];
            all[0] = now;
            System.arraycopy(parameters, 0, all, 1, parameters.length);
            update(notificationId, "attempts = attempts + 1, updated_at = ?, " + assignments, all);
        }
        return notification;
    }

    /** Gives a claimed notification back untried: it waits as RETRYING until {@code next}, its attempts unchanged. */
    void postpone(UUID notificationId, Optional<CloudEvent<?>> event, Instant next) {
        QuarkusTransaction.requiringNew().run(() -> {
            Locked notification = lock(notificationId, event);
            if (notification.status() == NotificationStatus.SENDING) {
                update(notificationId, """
                        status = 'RETRYING', lease_until = NULL, next_attempt_at = ?, updated_at = ?""",
                        utc(next), utc(now()));
            }
        });
    }

    /** What recording an attempt needs of a notification: not its rendered e-mail, which never changes. */
    private record Locked(NotificationStatus status, UUID orderId, NotificationKind kind, String recipient) {
    }

    /**
     * Locks the notification's row and records the delivery's event as handled with the change that follows. Fixed
     * statements, as every e-mail is recorded this way: no entity holding the e-mail's bodies, no flush writing them
     * back.
     */
    private Locked lock(UUID notificationId, Optional<CloudEvent<?>> event) {
        Locked locked = connections.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT status, order_id, kind, recipient FROM notification WHERE id = ? FOR NO KEY UPDATE""")) {
                select.setObject(1, notificationId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new IllegalStateException("notification " + notificationId + " does not exist");
                    }
                    return new Locked(NotificationStatus.valueOf(rows.getString(1)), rows.getObject(2, UUID.class),
                            NotificationKind.valueOf(rows.getString(3)), rows.getString(4));
                }
            }
        });
        event.ifPresent(processedEvents::firstDelivery);
        return locked;
    }

    /** {@code UPDATE notification SET <assignments> WHERE id = ?}, the assignments' parameters first. */
    private void update(UUID notificationId, String assignments, Object... parameters) {
        connections.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE notification SET " + assignments + " WHERE id = ?")) {
                for (int i = 0; i < parameters.length; i++) {
                    update.setObject(i + 1, parameters[i]);
                }
                update.setObject(parameters.length + 1, notificationId);
                update.executeUpdate();
            }
        });
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
