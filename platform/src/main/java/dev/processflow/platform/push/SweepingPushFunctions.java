package dev.processflow.platform.push;

import dev.processflow.platform.sweep.Sweeps;
import java.util.Optional;

/**
 * Push functions of a service whose periodic work ({@link Sweeps}) must also run while it is scaled to zero: a
 * Knative PingSource tick ({@link #PING}) runs every sweep of the service. Subclasses are {@code @Singleton} beans:
 * a client proxy would need a constructor this class does not have.
 */
public abstract class SweepingPushFunctions implements PushFunctions {

    private final Sweeps sweeps;

    protected SweepingPushFunctions(Sweeps sweeps) {
        this.sweeps = sweeps;
    }

    @Override
    public Optional<Runnable> triggerFor(String cloudEventType) {
        return PING.equals(cloudEventType) ? Optional.of(sweeps::runAll) : Optional.empty();
    }
}
