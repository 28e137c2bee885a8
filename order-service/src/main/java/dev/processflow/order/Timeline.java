package dev.processflow.order;

import dev.processflow.events.CloudEvent;
import dev.processflow.order.query.OrderView;
import dev.processflow.platform.persistence.BoundedText;
import dev.processflow.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Writes an order's timeline: each step is one fixed insert on the transaction's own connection, as every event about
 * an order adds one; no entity, no session flush. The id comes from the column's default.
 */
@ApplicationScoped
public class Timeline {

    private static final int MAX_DETAIL = 1000;

    private final EntityManager entityManager;

    public Timeline(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A step about this event at its own time. */
    @Transactional(Transactional.TxType.MANDATORY)
    public OrderView.Step record(UUID orderId, CloudEvent<?> event, String detail) {
        return note(orderId, event, event.time(), detail);
    }

    /** A step about this event at another moment than its own time, such as its announcement once more. */
    @Transactional(Transactional.TxType.MANDATORY)
    public OrderView.Step note(UUID orderId, CloudEvent<?> event, Instant at, String detail) {
        // As precise as the column, so a step reads back exactly as it was written.
        OrderView.Step step = new OrderView.Step(event.type().typeName(), event.source(),
                at.truncatedTo(ChronoUnit.MICROS), BoundedText.fit(detail, MAX_DETAIL),
                TraceContext.current().map(TraceContext::traceId).orElse(null));
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO order_timeline (order_id, event_id, type, source, at, detail, trace_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, orderId);
                insert.setObject(2, event.id());
                insert.setString(3, step.type());
                insert.setString(4, step.source());
                insert.setObject(5, step.at().atOffset(ZoneOffset.UTC));
                insert.setString(6, step.detail());
                insert.setString(7, step.traceId());
                insert.executeUpdate();
            }
        });
        return step;
    }
}
