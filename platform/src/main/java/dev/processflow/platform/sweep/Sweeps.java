package dev.processflow.platform.sweep;

import dev.processflow.platform.eventing.Failures;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Runs this service's sweeps: each at its interval while the process is up, all of them on a PingSource tick, one on
 * an operator's demand; counting each run and what it acted on.
 */
@ApplicationScoped
public class Sweeps {

    private static final Logger LOG = Logger.getLogger(Sweeps.class);
    private static final Duration REMINDER = Duration.ofSeconds(30);

    private final List<Sweep> sweeps;
    private final MeterRegistry registry;
    private final Map<String, Instant> lastWarned = new ConcurrentHashMap<>();

    public Sweeps(Instance<Sweep> sweeps, MeterRegistry registry) {
        this.sweeps = sweeps.stream().sorted(Comparator.comparing(Sweep::name)).toList();
        this.registry = registry;
    }

    /** Schedules each sweep with an interval; {@code off} or {@code disabled} leaves it to a PingSource alone. */
    void schedule(@Observes StartupEvent startup, Scheduler scheduler, Config config) {
        for (Sweep sweep : sweeps) {
            String key = "processflow.sweeps." + sweep.name() + ".interval";
            config.getOptionalValue(key, String.class)
                    .filter(value -> !value.equals("off") && !value.equals("disabled"))
                    .map(value -> config.getValue(key, Duration.class))
                    .ifPresent(interval -> scheduler.newJob("sweep-" + sweep.name())
                    .setInterval(interval.toString())
                    .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                    .setSkipPredicate(Scheduled.ApplicationNotRunning.class)
                    .setTask(execution -> tick(sweep))
                    .schedule());
        }
    }

    public List<String> names() {
        return sweeps.stream().map(Sweep::name).toList();
    }

    public Optional<Sweep> named(String name) {
        return sweeps.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Runs one sweep; returns how many items it acted on. A failure is counted and thrown: the scheduler logs it and
     * tries at the next tick, a PingSource gets a 503 and the tick comes again.
     */
    public int run(Sweep sweep) {
        try {
            int acted = sweep.sweep();
            registry.counter("processflow.sweeps", "sweep", sweep.name(), "outcome", "done").increment();
            if (acted > 0) {
                registry.counter("processflow.sweeps.items", "sweep", sweep.name()).increment(acted);
                LOG.debugf("sweep %s acted on %d items", sweep.name(), acted);
            }
            return acted;
        } catch (RuntimeException e) {
            registry.counter("processflow.sweeps", "sweep", sweep.name(), "outcome", "failed").increment();
            throw e;
        }
    }

    /**
     * A run from the service's own scheduler: a dependency that is away fails the run quietly (a warning at most every
     * half minute per sweep, not a stack trace every tick), as the next tick tries again; any other failure is thrown.
     */
    void tick(Sweep sweep) {
        try {
            run(sweep);
        } catch (RuntimeException e) {
            if (!Failures.isInfrastructure(e)) {
                throw e;
            }
            Instant now = Instant.now();
            Instant last = lastWarned.get(sweep.name());
            if (last == null || Duration.between(last, now).compareTo(REMINDER) >= 0) {
                lastWarned.put(sweep.name(), now);
                LOG.warnf("sweep %s waits for a dependency: %s", sweep.name(), Failures.rootMessage(e));
            }
        }
    }

    /** Every sweep of this service, one after the other; all run even if one fails, then the first failure is thrown. */
    public void runAll() {
        RuntimeException first = null;
        for (Sweep sweep : sweeps) {
            try {
                run(sweep);
            } catch (RuntimeException e) {
                LOG.warnf("sweep %s failed: %s", sweep.name(), e.getMessage());
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
