package dev.processflow.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processflow.platform.persistence.TransactionConnection;
import dev.processflow.platform.persistence.TransactionConnection.DatabaseException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Fixed statements run on the transaction's own connection: every call of one transaction on the same server session
 * and transaction, undone with it, and never outside a transaction.
 */
@QuarkusTest
class TransactionConnectionTest {

    @Inject
    TransactionConnection connections;

    @Test
    void everyCallOfOneTransactionSharesItsConnectionAndItsFate() {
        UUID eventId = UUID.randomUUID();
        List<Long> seen = new ArrayList<>();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            seen.add(connections.apply(TransactionConnectionTest::serverTransaction));
            connections.run(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO processed_event (event_id, type) VALUES (?, 'test')")) {
                    insert.setObject(1, eventId);
                    insert.executeUpdate();
                }
            });
            seen.add(connections.apply(TransactionConnectionTest::serverTransaction));
            throw new IllegalStateException("roll back");
        })).hasMessageContaining("roll back");

        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        long recorded = QuarkusTransaction.requiringNew().call(() -> connections.apply(connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(*) FROM processed_event WHERE event_id = ?")) {
                count.setObject(1, eventId);
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                }
            }
        }));
        assertThat(recorded).as("the insert rolled back with the transaction").isZero();
    }

    @Test
    void outsideATransactionNothingRuns() {
        assertThatThrownBy(() -> connections.run(connection -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("running transaction");
    }

    @Test
    void aFailedStatementKeepsTheDatabasesOwnException() {
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> connections.run(connection -> {
            try (PreparedStatement broken = connection.prepareStatement("SELECT * FROM no_such_table")) {
                broken.executeQuery();
            }
        }))).isInstanceOf(DatabaseException.class).cause().isInstanceOf(SQLException.class)
                .extracting(cause -> ((SQLException) cause).getSQLState()).isEqualTo("42P01");
    }

    private static long serverTransaction(Connection connection) throws SQLException {
        try (PreparedStatement current = connection.prepareStatement("SELECT txid_current()");
                ResultSet result = current.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}
