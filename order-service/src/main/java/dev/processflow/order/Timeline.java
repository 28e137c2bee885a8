package dev.processflow.order;

import dev.processflow.events.CloudEvent;
import dev.processflow.order.query.OrderView;
import dev.processflow.platform.persistence.BoundedText;
import dev.processflow.platform.persistence.TransactionConnection;
import dev.processflow.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes an order's timeline: every event about an order adds a step. A transaction's steps are kept with it and
 * written in one fixed insert just before it commits (a poll that confirms one order and rejects another writes all
 * their steps at once); no entity, no session flush. The ids come from the column's default, in the order the steps
 * were noted, so steps at the same moment read back in that order.
 */
@ApplicationScoped
public class Timeline {

    private static final int MAX_DETAIL = 1000;
    private static final String PENDING = Timeline.class.getName() + ".pending";

    private final TransactionConnection connections;
    private final TransactionSynchronizationRegistry transactions;

    public Timeline(TransactionConnection connections, TransactionSynchronizationRegistry transactions) {
        this.connections = connections;
        this.transactions = transactions;
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
        pending().add(new Entry(orderId, event.id(), step));
        return step;
    }

    private record Entry(UUID orderId, UUID eventId, OrderView.Step step) {
    }

    /** This transaction's steps not yet written; the first one arranges their insert before the commit. */
    private List<Entry> pending() {
        @SuppressWarnings("unchecked")
        List<Entry> entries = (List<Entry>) transactions.getResource(PENDING);
        if (entries == null) {
            List<Entry> created = new ArrayList<>();
            // The insert runs as the transaction commits, when nothing may join it any more: the connection joins
            // now (it usually has already, for the order's own row).
            connections.run(connection -> { });
            transactions.putResource(PENDING, created);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    connections.run(connection -> insert(connection, created));
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            entries = created;
        }
        return entries;
    }

    private static void insert(Connection connection, List<Entry> entries) throws SQLException {
        int size = entries.size();
        UUID[] orders = new UUID[size];
        UUID[] events = new UUID[size];
        String[] types = new String[size];
        String[] sources = new String[size];
        String[] times = new String[size];
        String[] details = new String[size];
        String[] traces = new String[size];
        for (int i = 0; i < size; i++) {
            Entry entry = entries.get(i);
            orders[i] = entry.orderId();
            events[i] = entry.eventId();
            types[i] = entry.step().type();
            sources[i] = entry.step().source();
            times[i] = entry.step().at().toString();
            details[i] = entry.step().detail();
            traces[i] = entry.step().traceId();
        }
        // unnest keeps the arrays' order, so the ids (the column's default) follow the order the steps were noted.
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO order_timeline (order_id, event_id, type, source, at, detail, trace_id)
                SELECT o, e, t, s, a::timestamptz, d, tr
                FROM unnest(?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[], ?::text[], ?::varchar[], ?::varchar[])
                     AS step(o, e, t, s, a, d, tr)""")) {
            insert.setArray(1, connection.createArrayOf("uuid", orders));
            insert.setArray(2, connection.createArrayOf("uuid", events));
            insert.setArray(3, connection.createArrayOf("varchar", types));
            insert.setArray(4, connection.createArrayOf("varchar", sources));
            insert.setArray(5, connection.createArrayOf("text", times));
            insert.setArray(6, connection.createArrayOf("varchar", details));
            insert.setArray(7, connection.createArrayOf("varchar", traces));
            insert.executeUpdate();
        }
    }
}
