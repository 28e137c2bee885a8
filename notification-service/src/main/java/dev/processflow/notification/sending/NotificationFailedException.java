package dev.processflow.notification.sending;

import dev.processflow.platform.eventing.RetriesExhaustedException;

/** SMTP did not take the email within all its retries; the notification is FAILED and the event is dead-lettered. */
public class NotificationFailedException extends RetriesExhaustedException {

    public NotificationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
