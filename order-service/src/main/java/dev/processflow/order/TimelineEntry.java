package dev.processflow.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** One step of an order's flow, as read back: an event it emitted or received. {@link Timeline} writes them. */
@Entity
@Immutable
@Table(name = "order_timeline")
public class TimelineEntry extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "event_id")
    public UUID eventId;

    public String type;

    public String source;

    public Instant at;

    public String detail;

    /** The trace of the span this step was recorded in (the request, the consumed event, the sweep). */
    @Column(name = "trace_id")
    public String traceId;

    public static List<TimelineEntry> of(UUID orderId) {
        return list("orderId = ?1 order by at, id", orderId);
    }
}
