package dev.processflow.payment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One step in the life of an order's payment; {@code status} is the status after it, null if there is no payment.
 * Written by {@link PaymentRows#history}; read here for the API.
 */
@Entity
@Table(name = "payment_history")
public class PaymentHistoryEntry extends PanacheEntityBase {

    @Id
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

    public static List<PaymentHistoryEntry> of(UUID orderId) {
        return list("orderId = ?1 order by at, id", orderId);
    }
}
