package dev.processflow.platform.eventing;

import dev.processflow.events.CloudEvent;
import dev.processflow.platform.persistence.TransactionConnection;
import dev.processflow.platform.persistence.TransactionMaps;
import dev.processflow.platform.tracing.EventTracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The dedupe log: a consumed event's id, recorded in the same transaction as its effect. Plain JDBC on the
 * transaction's own connection, as every event pays for it: no query translation, no session flush. A batch's ids
 * are recorded together by {@link #claimAll} before its function runs; what that statement found is kept with the
 * transaction, so the function's own questions about those events cost no statement.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final Object CLAIMS = ProcessedEvents.class.getName() + ".claims";

    private final TransactionConnection connections;
    private final TransactionSynchronizationRegistry transactions;

    public ProcessedEvents(TransactionConnection connections, TransactionSynchronizationRegistry transactions) {
        this.connections = connections;
        this.transactions = transactions;
    }

    /**
     * Records these events' ids in one statement. Until the transaction ends, {@link #firstDelivery} answers true
     * once for each id this recorded and false for the others, and {@link #seen} false for the ids it recorded.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void claimAll(List<? extends CloudEvent<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        // In id order, so two batches holding some of the same events (a partition moving between consumers) wait
        // for each other's ids in one order and never deadlock.
        List<? extends CloudEvent<?>> byId = events.stream().sorted(Comparator.comparing(CloudEvent::id)).toList();
        Set<UUID> recorded = connections.apply(connection -> {
            Set<UUID> ids = new HashSet<>();
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO processed_event (event_id, type) SELECT * FROM unnest(?::uuid[], ?::varchar[])
                    ON CONFLICT DO NOTHING RETURNING event_id""")) {
                insert.setArray(1, connection.createArrayOf("uuid", byId.stream().map(CloudEvent::id).toArray()));
                insert.setArray(2, connection.createArrayOf("varchar",
                        byId.stream().map(event -> event.type().typeName()).toArray()));
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
        Map<UUID, Boolean> claims = claims();
        events.forEach(event -> claims.putIfAbsent(event.id(), recorded.contains(event.id())));
    }

    /** True the first time this event id is seen in a committed transaction; false for a redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(CloudEvent<?> event) {
        // Claimed in this transaction: the claim answers once; the same id again in the batch is a duplicate.
        Boolean claimed = claims().replace(event.id(), false);
        boolean first = claimed != null ? claimed : insert(event);
        if (!first) {
            EventTracing.markDuplicate();
        }
        return first;
    }

    /**
     * True if this event id is already recorded; for functions that must decide before long work outside a
     * transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean seen(CloudEvent<?> event) {
        Boolean claimed = claims().get(event.id());
        boolean seen = claimed != null ? !claimed : select(event);
        if (seen) {
            EventTracing.markDuplicate();
        }
        return seen;
    }

    private boolean insert(CloudEvent<?> event) {
        return connections.apply(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO processed_event (event_id, type) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                insert.setObject(1, event.id());
                insert.setString(2, event.type().typeName());
                return insert.executeUpdate() == 1;
            }
        });
    }

    private boolean select(CloudEvent<?> event) {
        return connections.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM processed_event WHERE event_id = ?")) {
                select.setObject(1, event.id());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    private Map<UUID, Boolean> claims() {
        return TransactionMaps.of(transactions, CLAIMS);
    }
}
