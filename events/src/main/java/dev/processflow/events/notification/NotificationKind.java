package dev.processflow.events.notification;

public enum NotificationKind {
    CONFIRMATION,
    REJECTION
}
