package dev.processflow.platform.eventing;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventCodec;
import dev.processflow.platform.persistence.AfterCommit;
import dev.processflow.platform.persistence.TransactionConnection;
import dev.processflow.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/**
 * Emits events atomically with the caller's database change: the event is a row in the caller's transaction, and
 * the {@link OutboxRelay} publishes it to Kafka once that transaction commits. Rolled back, it never leaves. An
 * event emitted again under the same id while its first row still waits is written once.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox_event (event_id, topic, event_key, type, source, subject, event_time, payload,
                                      trace_parent, trace_state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""";

    private final TransactionConnection connections;
    private final EventCodec codec;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    public Outbox(TransactionConnection connections, EventCodec codec, TransactionSynchronizationRegistry transactions,
            OutboxRelay relay) {
        this.connections = connections;
        this.codec = codec;
        this.transactions = transactions;
        this.relay = relay;
    }

    /**
     * Writes the event with the trace context of the span current here (the request, the consumed event, the sweep
     * acting on an aggregate), which the relay's send continues.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void emit(CloudEvent<?> event) {
        Optional<TraceContext> trace = TraceContext.current();
        // Plain JDBC on the transaction's own connection: a fixed insert needs no query translation, and unlike a
        // native query it does not make the ORM flush the session first.
        connections.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                bind(insert, event, trace);
                insert.executeUpdate();
            }
        });
        AfterCommit.run(transactions, relay::wakeUp);
    }

    /** Writes these events as {@link #emit} does, in one batch: one round trip to the database however many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void emitAll(List<? extends CloudEvent<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        Optional<TraceContext> trace = TraceContext.current();
        connections.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (CloudEvent<?> event : events) {
                    bind(insert, event, trace);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        AfterCommit.run(transactions, relay::wakeUp);
    }

    private void bind(PreparedStatement insert, CloudEvent<?> event, Optional<TraceContext> trace) throws SQLException {
        insert.setObject(1, event.id());
        insert.setString(2, event.topic());
        insert.setString(3, event.subject());
        insert.setString(4, event.type().typeName());
        insert.setString(5, event.source());
        insert.setString(6, event.subject());
        insert.setTimestamp(7, Timestamp.from(event.time()));
        insert.setString(8, codec.encodeData(event.data()));
        insert.setString(9, trace.map(TraceContext::traceparent).orElse(null));
        insert.setString(10, trace.map(TraceContext::tracestate).orElse(null));
    }
}
