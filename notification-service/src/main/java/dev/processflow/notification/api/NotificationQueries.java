package dev.processflow.notification.api;

import dev.processflow.notification.Notification;
import dev.processflow.notification.NotificationStatus;
import dev.processflow.platform.security.Caller;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** Notifications that reached an outcome; one being sent right now shows up once it is SENT or FAILED. */
@ApplicationScoped
public class NotificationQueries {

    private static final List<NotificationStatus> OUTCOMES = List.of(NotificationStatus.SENT, NotificationStatus.FAILED);
    private static final Sort NEWEST_FIRST = Sort.descending("createdAt").and("id", Sort.Direction.Descending);

    /** The order's notifications the caller may see: all of them for an admin, their own for its customer. */
    @Transactional
    public List<NotificationView> forOrder(UUID orderId, Caller caller) {
        var notifications = caller.admin()
                ? Notification.<Notification>find("orderId = ?1 and status in ?2", NEWEST_FIRST, orderId, OUTCOMES)
                : Notification.<Notification>find("orderId = ?1 and status in ?2 and customerId = ?3", NEWEST_FIRST,
                        orderId, OUTCOMES, caller.subject());
        return notifications.stream().map(NotificationView::of).toList();
    }

    @Transactional
    public List<NotificationView> newest(int limit) {
        return Notification.<Notification>find("status in ?1", NEWEST_FIRST, OUTCOMES)
                .range(0, limit - 1).stream().map(NotificationView::of).toList();
    }
}
