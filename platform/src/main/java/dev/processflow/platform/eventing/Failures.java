package dev.processflow.platform.eventing;

import dev.processflow.events.MalformedEventException;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.QueryTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.LockAcquisitionException;

/**
 * Tells the failures of a dependency from the failures of an event. A dependency that is down, overloaded or slow
 * (connection refused or lost, pool or statement or transaction timeout, serialization conflict, broker timeout)
 * says nothing about the event: it is retried until the dependency is back. A malformed event, a rule's refusal or
 * a bug is the event's own failure and, after its attempts, goes to the dead-letter topic.
 */
public final class Failures {

    private Failures() {
    }

    /** True when some cause in the chain is an unavailable or slow dependency, and none says the event is malformed. */
    public static boolean isInfrastructure(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean infrastructure = false;
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof MalformedEventException) {
                return false;
            }
            infrastructure |= isDependencyFailure(cause);
        }
        return infrastructure;
    }

    /** The innermost message of the chain, which usually names the dependency and what it said. */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static boolean isDependencyFailure(Throwable cause) {
        if (cause instanceof DependencyUnavailableException
                || cause instanceof SQLTransientException
                || cause instanceof SQLRecoverableException
                || cause instanceof IOException
                || cause instanceof UncheckedIOException
                || cause instanceof TimeoutException
                || cause instanceof RetriableException
                || cause instanceof org.apache.kafka.common.errors.TimeoutException
                || cause instanceof io.smallrye.mutiny.TimeoutException
                || cause instanceof jakarta.transaction.RollbackException
                || cause instanceof jakarta.transaction.SystemException
                || cause instanceof JDBCConnectionException
                || cause instanceof LockAcquisitionException
                || cause instanceof PessimisticLockException
                || cause instanceof QueryTimeoutException
                || cause instanceof LockTimeoutException) {
            return true;
        }
        if (cause instanceof SQLException sql) {
            return isTransientSqlState(sql.getSQLState())
                    // Agroal: no free connection within the acquisition timeout, the database being down or slow.
                    || sql.getSQLState() == null && sql.getMessage() != null && sql.getMessage().startsWith("Acquisition timeout");
        }
        return false;
    }

    /**
     * SQLSTATE classes of a server or connection in trouble: 08 connection exception, 40 transaction rollback
     * (serialization failure, deadlock), 53 insufficient resources, 57 operator intervention (shutdown, statement
     * timeout, cannot connect now), 58 system error; and 55P03, a lock not available in time.
     */
    static boolean isTransientSqlState(String state) {
        if (state == null || state.length() < 2) {
            return false;
        }
        return switch (state.substring(0, 2)) {
            case "08", "40", "53", "57", "58" -> true;
            default -> "55P03".equals(state);
        };
    }
}
