package dev.processflow.platform.eventing;

/**
 * A dependency (database, broker, payment provider, mail server, object store) is unavailable or timed out: nothing
 * is wrong with the event, so it is retried until the dependency is back and never dead-lettered. Throw it, or let a
 * cause {@link Failures#isInfrastructure} recognises propagate.
 */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message) {
        super(message);
    }

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
