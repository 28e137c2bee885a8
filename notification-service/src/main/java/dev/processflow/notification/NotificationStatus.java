package dev.processflow.notification;

/** SENDING is a claim held while the SMTP call runs; SENT and FAILED are outcomes. */
public enum NotificationStatus {
    SENDING,
    SENT,
    FAILED
}
