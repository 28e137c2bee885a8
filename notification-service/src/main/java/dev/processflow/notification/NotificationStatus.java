package dev.processflow.notification;

/**
 * SENDING is a claim held while the SMTP call runs; RETRYING waits for its next attempt after the mail server was
 * unavailable; SENT and FAILED (the server refused the e-mail for good) are outcomes.
 */
public enum NotificationStatus {
    SENDING,
    RETRYING,
    SENT,
    FAILED
}
