package dev.processflow.notification.sending;

import dev.processflow.notification.NotificationStatus;
import java.util.UUID;

/** What claiming the (order, kind) notification found. */
sealed interface Claim {

    /** This delivery owns the notification until its lease ends and sends it; {@code attempts} so far. */
    record Granted(UUID notificationId, int attempts) implements Claim {
    }

    /** The notification went out already: nothing to do. */
    record AlreadySent(UUID notificationId) implements Claim {
    }

    /** This very event was processed before: nothing to do. */
    record Duplicate() implements Claim {
    }

    /** Another delivery is sending it, or it waits for its retry: the sender or the retry sweep sees it through. */
    record InHand(UUID notificationId, NotificationStatus status) implements Claim {
    }
}
