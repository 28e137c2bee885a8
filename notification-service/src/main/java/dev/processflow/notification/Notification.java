package dev.processflow.notification;

import dev.processflow.events.notification.NotificationKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The one email of an order outcome; unique per (order, kind). Its id is also the email's Message-ID. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "order_id")
    public UUID orderId;

    @Enumerated(EnumType.STRING)
    public NotificationKind kind;

    /** The subject of the order's customer: who may list this notification besides an admin. */
    @Column(name = "customer_id")
    public String customerId;

    public String recipient;

    public String subject;

    @Enumerated(EnumType.STRING)
    public NotificationStatus status;

    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    /** When a RETRYING notification is sent again. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** The rendered e-mail, kept with the claim so every attempt sends exactly the same message. */
    @Column(name = "body_text")
    public String bodyText;

    @Column(name = "body_html")
    public String bodyHtml;

    /** The trace of the order event that claimed it; a retry continues it. Null when tracing was off. */
    @Column(name = "trace_parent")
    public String traceParent;

    @Column(name = "trace_state")
    public String traceState;
}
