package dev.processflow.payment;

import dev.processflow.platform.persistence.BoundedText;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One step in the life of an order's payment; {@code status} is the status after it, null if there is no payment. */
@Entity
@Table(name = "payment_history")
public class PaymentHistoryEntry extends PanacheEntityBase {

    private static final int MAX_DETAIL = 1000;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "payment_history_ids")
    @SequenceGenerator(name = "payment_history_ids", sequenceName = "payment_history_id_seq", allocationSize = 50)
    public Long id;

    @Column(name = "order_id")
    public UUID orderId;

    @Enumerated(EnumType.STRING)
    public PaymentAction action;

    @Enumerated(EnumType.STRING)
    public PaymentStatus status;

    @Column(name = "event_id")
    public UUID eventId;

    public Instant at;

    public String detail;

    public static void record(UUID orderId, PaymentAction action, PaymentStatus status, UUID eventId, String detail) {
        PaymentHistoryEntry entry = new PaymentHistoryEntry();
        entry.orderId = orderId;
        entry.action = action;
        entry.status = status;
        entry.eventId = eventId;
        entry.at = Timestamps.now();
        entry.detail = BoundedText.fit(detail, MAX_DETAIL);
        entry.persist();
    }

    public static List<PaymentHistoryEntry> of(UUID orderId) {
        return list("orderId = ?1 order by at, id", orderId);
    }
}
