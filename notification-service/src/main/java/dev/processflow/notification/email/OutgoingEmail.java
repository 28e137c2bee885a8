package dev.processflow.notification.email;

import dev.processflow.events.notification.NotificationKind;
import java.util.UUID;

/** A rendered customer email, ready for SMTP; {@code customerId} is the subject of the customer it is about. */
public record OutgoingEmail(UUID orderId, String customerId, NotificationKind kind, String to, String subject,
        String text, String html) {
}
