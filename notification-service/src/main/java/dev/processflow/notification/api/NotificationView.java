package dev.processflow.notification.api;

import dev.processflow.events.notification.NotificationKind;
import dev.processflow.notification.Notification;
import dev.processflow.notification.NotificationStatus;
import java.time.Instant;
import java.util.UUID;

/** A notification as the REST API shows it; {@code sentAt} is null unless SENT. */
public record NotificationView(UUID id, UUID orderId, NotificationKind type, String to, String subject,
        NotificationStatus status, int attempts, Instant sentAt) {

    static NotificationView of(Notification notification) {
        return new NotificationView(notification.id, notification.orderId, notification.kind, notification.recipient,
                notification.subject, notification.status, notification.attempts, notification.sentAt);
    }
}
