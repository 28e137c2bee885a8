package dev.processflow.notification.email;

/** What the rejection templates show; {@code detail} may be null. */
public record RejectionEmail(String customerName, String orderRef, String reason, String detail) {
}
