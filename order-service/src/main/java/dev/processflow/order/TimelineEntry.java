package dev.processflow.order;

import dev.processflow.platform.persistence.BoundedText;
import dev.processflow.platform.tracing.TraceContext;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** One step of an order's flow: an event it emitted or received. */
@Entity
@Table(name = "order_timeline")
public class TimelineEntry extends PanacheEntityBase {

    private static final int MAX_DETAIL = 1000;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "order_timeline_ids")
    @SequenceGenerator(name = "order_timeline_ids", sequenceName = "order_timeline_id_seq", allocationSize = 50)
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

    public static TimelineEntry record(UUID orderId, dev.processflow.events.CloudEvent<?> event, String detail) {
        return note(orderId, event, event.time(), detail);
    }

    /** An entry about this event at another moment than its own time, such as its announcement once more. */
    public static TimelineEntry note(UUID orderId, dev.processflow.events.CloudEvent<?> event, Instant at,
            String detail) {
        TimelineEntry entry = new TimelineEntry();
        entry.orderId = orderId;
        entry.eventId = event.id();
        entry.type = event.type().typeName();
        entry.source = event.source();
        // As precise as the column, so an entry reads back exactly as it was written.
        entry.at = at.truncatedTo(ChronoUnit.MICROS);
        entry.detail = BoundedText.fit(detail, MAX_DETAIL);
        entry.traceId = TraceContext.current().map(TraceContext::traceId).orElse(null);
        entry.persist();
        return entry;
    }

    public static List<TimelineEntry> of(UUID orderId) {
        return list("orderId = ?1 order by at, id", orderId);
    }
}
