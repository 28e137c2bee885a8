package dev.processflow.notification.email;

import dev.processflow.events.notification.NotificationKind;
import java.util.UUID;

/** A rendered customer email, ready for SMTP. */
public record OutgoingEmail(UUID orderId, NotificationKind kind, String to, String subject, String text, String html) {
}
