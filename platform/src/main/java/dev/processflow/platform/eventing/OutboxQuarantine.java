package dev.processflow.platform.eventing;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The operator's side of the outbox quarantine: list and inspect the rows the broker refused for good, put one back
 * into the outbox once the cause is fixed (the relay publishes it like any new row, and quarantines it again if the
 * broker still refuses it), or drop it.
 */
@ApplicationScoped
public class OutboxQuarantine {

    /** A quarantined row; {@code payload} is the event's JSON data. */
    public record Entry(UUID eventId, String type, String source, String subject, String topic, String key,
            Instant eventTime, String reason, Instant quarantinedAt, String payload) {
    }

    /** How big the outbox and its quarantine are right now. */
    public record Backlog(long waiting, Instant oldestWaiting, long quarantined) {
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final OutboxRelay relay;

    public OutboxQuarantine(DataSource dataSource, OutboxRelay relay) {
        this.dataSource = dataSource;
        this.relay = relay;
    }

    /** Oldest first. */
    public List<Entry> list(int limit) {
        return withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT * FROM outbox_quarantine ORDER BY quarantined_at, event_id LIMIT ?")) {
                select.setInt(1, limit);
                return entries(select);
            }
        });
    }

    public Optional<Entry> find(UUID eventId) {
        return withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT * FROM outbox_quarantine WHERE event_id = ?")) {
                select.setObject(1, eventId);
                return entries(select).stream().findFirst();
            }
        });
    }

    /** Moves the row back into the outbox, behind every row waiting there; false if it is not quarantined. */
    public boolean republish(UUID eventId) {
        boolean moved = withConnection(connection -> {
            try (PreparedStatement move = connection.prepareStatement("""
                    WITH moved AS (DELETE FROM outbox_quarantine WHERE event_id = ? RETURNING *),
                         queued AS (INSERT INTO outbox_event (event_id, topic, event_key, type, source, subject,
                                                             event_time, payload, trace_parent, trace_state)
                                    SELECT event_id, topic, event_key, type, source, subject, event_time, payload,
                                           trace_parent, trace_state
                                    FROM moved ON CONFLICT (event_id) DO NOTHING)
                    SELECT count(*) FROM moved""")) {
                move.setObject(1, eventId);
                try (ResultSet count = move.executeQuery()) {
                    count.next();
                    return count.getLong(1) == 1;
                }
            }
        });
        if (moved) {
            relay.wakeUp();
        }
        return moved;
    }

    /** Deletes the row for good; false if it is not quarantined. */
    public boolean drop(UUID eventId) {
        return withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM outbox_quarantine WHERE event_id = ?")) {
                delete.setObject(1, eventId);
                return delete.executeUpdate() == 1;
            }
        });
    }

    public Backlog backlog() {
        return withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT (SELECT count(*) FROM outbox_event), (SELECT min(event_time) FROM outbox_event),
                           (SELECT count(*) FROM outbox_quarantine)""");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return new Backlog(row.getLong(1),
                        row.getTimestamp(2) == null ? null : row.getTimestamp(2).toInstant(), row.getLong(3));
            }
        });
    }

    private <T> T withConnection(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.on(connection);
        } catch (SQLException e) {
            throw new DependencyUnavailableException("the outbox tables cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Entry> entries(PreparedStatement select) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                entries.add(new Entry(rows.getObject("event_id", UUID.class), rows.getString("type"),
                        rows.getString("source"), rows.getString("subject"), rows.getString("topic"),
                        rows.getString("event_key"), rows.getTimestamp("event_time").toInstant(),
                        rows.getString("reason"), rows.getTimestamp("quarantined_at").toInstant(),
                        rows.getString("payload")));
            }
        }
        return entries;
    }
}
