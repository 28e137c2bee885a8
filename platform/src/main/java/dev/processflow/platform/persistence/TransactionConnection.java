package dev.processflow.platform.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Fixed statements on the current transaction's own connection. Within a JTA transaction the pool hands every caller
 * the one connection enlisted in it (the ORM's too, when the transaction also touches entities), so these statements
 * commit or roll back with everything else the transaction does. A transaction that touches no entity then never
 * opens an ORM session: on the saga's hot paths its creation, flush and close were paid by every transaction only to
 * reach this connection.
 */
@ApplicationScoped
public class TransactionConnection {

    /** Statements on the transaction's connection. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** Statements on the transaction's connection that answer something. */
    @FunctionalInterface
    public interface ReturningWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;

    public TransactionConnection(DataSource dataSource, TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    public void run(Work work) {
        apply(connection -> {
            work.run(connection);
            return null;
        });
    }

    /**
     * Runs {@code work} on the transaction's connection; a {@link SQLException} leaves as a
     * {@link DatabaseException} with it as the cause. Outside a running transaction the pool would hand out a
     * connection of its own, committing each statement alone, so that is refused.
     */
    public <T> T apply(ReturningWork<T> work) {
        int status = transactions.getTransactionStatus();
        if (status != Status.STATUS_ACTIVE && status != Status.STATUS_MARKED_ROLLBACK) {
            throw new IllegalStateException("fixed statements need a running transaction (status " + status + ")");
        }
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** A statement of a transaction failed; the database's own exception, with its SQLSTATE, is the cause. */
    public static final class DatabaseException extends RuntimeException {

        DatabaseException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
