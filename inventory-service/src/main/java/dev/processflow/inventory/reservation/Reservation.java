package dev.processflow.inventory.reservation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Inventory's decision about one order and the stock it holds for it, as the API and tests read it; written by
 * {@link ReservationRows}.
 */
@Entity
@Table(name = "reservation")
public class Reservation extends PanacheEntityBase {

    public enum Status {
        /** Stock is reserved and waits for the order's outcome. */
        HELD,
        /** The order was confirmed; the stock left. */
        COMMITTED,
        /** The order was rejected; the stock is available again. */
        RELEASED,
        /** Not enough stock when the order was placed; nothing was reserved. */
        REJECTED,
        /** The order was decided before its order.placed arrived; nothing will ever be reserved for it. */
        TOMBSTONE
    }

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String detail;

    @ElementCollection
    @CollectionTable(name = "reservation_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderBy("sku")
    public List<ReservationLine> lines = new ArrayList<>();

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
