package dev.processflow.platform.eventing;

import dev.processflow.events.CloudEvent;
import dev.processflow.platform.tracing.EventTracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.hibernate.Session;

/**
 * The dedupe log: a consumed event's id, recorded in the same transaction as its effect. Plain JDBC on the
 * transaction's own connection, as every event pays for it: no query translation, no session flush.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final EntityManager entityManager;

    public ProcessedEvents(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** True the first time this event id is seen in a committed transaction; false for a redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(CloudEvent<?> event) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO processed_event (event_id, type) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                insert.setObject(1, event.id());
                insert.setString(2, event.type().typeName());
                boolean first = insert.executeUpdate() == 1;
                if (!first) {
                    EventTracing.markDuplicate();
                }
                return first;
            }
        });
    }

    /** True if this event id is already recorded; for functions that must decide before long work outside a transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean seen(CloudEvent<?> event) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM processed_event WHERE event_id = ?")) {
                select.setObject(1, event.id());
                try (ResultSet rows = select.executeQuery()) {
                    boolean seen = rows.next();
                    if (seen) {
                        EventTracing.markDuplicate();
                    }
                    return seen;
                }
            }
        });
    }
}
