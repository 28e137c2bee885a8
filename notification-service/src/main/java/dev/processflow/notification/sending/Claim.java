package dev.processflow.notification.sending;

import java.time.Instant;
import java.util.UUID;

/** What claiming the (order, kind) notification found. */
sealed interface Claim {

    /** This delivery owns the notification until its lease ends and must send it. */
    record Granted(UUID notificationId) implements Claim {
    }

    /** The notification went out already: nothing to do. */
    record AlreadySent(UUID notificationId) implements Claim {
    }

    /** This very event was processed before: nothing to do. */
    record Duplicate() implements Claim {
    }

    /** Another delivery is sending it right now; look again when its lease ends at the latest. */
    record Busy(Instant leaseUntil) implements Claim {
    }
}
