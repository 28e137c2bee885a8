package dev.processflow.platform.sweep;

/**
 * Periodic work that must not wait on an in-process timer alone: reconciliation, retries parked in the database, the
 * outbox relay's safety poll. Each runs from its service's scheduler while the process is up, every
 * {@code processflow.sweeps.<name>.interval} (a sweep without one keeps its own pace), from a Knative
 * PingSource through {@code POST /events} while it may be scaled to zero ({@link Sweeps#runAll}), and on demand
 * from {@code POST /admin/sweeps/{name}}. A sweep finds its own due work in the database, so running it more often
 * than needed, or on several replicas at once, only costs a query.
 */
public interface Sweep {

    /** Short and stable: in metrics, logs and the admin path. */
    String name();

    /** Does whatever is due now; returns how many items it acted on. */
    int sweep();
}
