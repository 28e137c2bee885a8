package dev.processflow.events.notification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.processflow.events.Limits;
import dev.processflow.events.Required;
import java.util.UUID;

@JsonIgnoreProperties(ignoreUnknown = true)
public record NotificationSent(UUID orderId, UUID notificationId, NotificationKind kind, String to) {

    public NotificationSent {
        Required.value(orderId, "orderId");
        Required.value(notificationId, "notificationId");
        Required.value(kind, "kind");
        Required.text(to, "to", Limits.EMAIL);
    }
}
