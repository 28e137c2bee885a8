package dev.processflow.platform.eventing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every consumer is doing right now: which deliveries are running a function, since when, and which are
 * waiting for a dependency to come back. Health reads it: a delivery waiting for a dependency makes the service
 * not ready; one whose function has been running far longer than any timeout allows is stalled, and a stalled
 * consumer makes the service not live, so it is restarted rather than silently stuck.
 */
@ApplicationScoped
public class DeliveryMonitor {

    /** One delivery of a record or a batch, from its first attempt until it is acknowledged or dead-lettered. */
    public final class Delivery implements AutoCloseable {

        private final long id;
        private final String topic;
        private final String what;
        private volatile Instant attemptStartedAt;
        private volatile Instant waitingSince;
        private volatile String waitingFor;

        private Delivery(long id, String topic, String what) {
            this.id = id;
            this.topic = topic;
            this.what = what;
        }

        /** The function is being called. */
        void attempt() {
            attemptStartedAt = Instant.now();
        }

        /** The function returned or threw; nothing runs until the next attempt. */
        void attemptEnded() {
            attemptStartedAt = null;
        }

        /** The last attempt failed because a dependency is unavailable; the delivery backs off and tries again. */
        void waitingFor(Throwable cause) {
            attemptStartedAt = null;
            if (waitingSince == null) {
                waitingSince = Instant.now();
            }
            waitingFor = Failures.rootMessage(cause);
        }

        Instant waitingSince() {
            return waitingSince;
        }

        String topic() {
            return topic;
        }

        @Override
        public void close() {
            running.remove(id);
        }
    }

    /** A delivery as health reports it. */
    public record Status(String topic, String what, Instant since, String cause) {
    }

    private final Map<Long, Delivery> running = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Duration stalledAfter;

    public DeliveryMonitor(MeterRegistry registry,
            @ConfigProperty(name = "processflow.consumer.stalled-after", defaultValue = "3m") Duration stalledAfter) {
        this.stalledAfter = stalledAfter;
        Gauge.builder("processflow.events.waiting", this, monitor -> monitor.waiting().size())
                .description("deliveries waiting for a dependency to come back")
                .register(registry);
        Gauge.builder("processflow.events.waiting.seconds", this, DeliveryMonitor::longestWaitSeconds)
                .description("how long the longest-waiting delivery has waited for a dependency")
                .register(registry);
        Gauge.builder("processflow.events.stalled", this, monitor -> monitor.stalled().size())
                .description("deliveries whose function has run longer than processflow.consumer.stalled-after")
                .register(registry);
    }

    public Delivery start(String topic, String what) {
        long id = ids.incrementAndGet();
        Delivery delivery = new Delivery(id, topic, what);
        running.put(id, delivery);
        return delivery;
    }

    /** Deliveries backing off because a dependency is unavailable, longest waiting first. */
    public List<Status> waiting() {
        return running.values().stream()
                .filter(d -> d.waitingSince != null)
                .map(d -> new Status(d.topic, d.what, d.waitingSince, d.waitingFor))
                .sorted(Comparator.comparing(Status::since))
                .toList();
    }

    /** Deliveries whose current function call has run longer than any database or broker timeout lets it. */
    public List<Status> stalled() {
        Instant limit = Instant.now().minus(stalledAfter);
        return running.values().stream()
                .filter(d -> d.attemptStartedAt != null && d.attemptStartedAt.isBefore(limit))
                .map(d -> new Status(d.topic, d.what, d.attemptStartedAt, "running for more than " + stalledAfter))
                .sorted(Comparator.comparing(Status::since))
                .toList();
    }

    private double longestWaitSeconds() {
        return waiting().stream().findFirst()
                .map(s -> (double) Duration.between(s.since(), Instant.now()).toSeconds())
                .orElse(0.0);
    }
}
