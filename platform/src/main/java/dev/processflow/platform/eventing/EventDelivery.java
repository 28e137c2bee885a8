package dev.processflow.platform.eventing;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.MalformedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What every Kafka consumer does around its function: decode the CloudEvent, hand it over, retry transient failures
 * with backoff. Whatever is thrown from here is nacked and dead-lettered by the channel's failure strategy: a
 * malformed event at once, a failing one after its last attempt.
 */
@ApplicationScoped
public class EventDelivery {

    private static final Logger LOG = Logger.getLogger(EventDelivery.class);

    private final KafkaCloudEvents cloudEvents;
    private final MeterRegistry registry;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public EventDelivery(KafkaCloudEvents cloudEvents, MeterRegistry registry,
            @ConfigProperty(name = "processflow.consumer.max-attempts", defaultValue = "10") int maxAttempts,
            @ConfigProperty(name = "processflow.consumer.initial-backoff", defaultValue = "200ms") Duration initialBackoff,
            @ConfigProperty(name = "processflow.consumer.max-backoff", defaultValue = "10s") Duration maxBackoff) {
        this.cloudEvents = cloudEvents;
        this.registry = registry;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    public void deliver(ConsumerRecord<String, byte[]> record, Consumer<CloudEvent<?>> function) {
        CloudEvent<?> event;
        try {
            event = cloudEvents.decode(record);
        } catch (MalformedEventException e) {
            count("malformed", record.topic());
            LOG.warnf("dead-lettering malformed record %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            throw e;
        }
        deliver(event, function);
        count("processed", record.topic());
    }

    /** Runs the function, retrying anything but a malformed event with exponential backoff. */
    public void deliver(CloudEvent<?> event, Consumer<CloudEvent<?>> function) {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                function.accept(event);
                return;
            } catch (MalformedEventException | RetriesExhaustedException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    LOG.errorf(e, "giving up on %s %s after %d attempts", event.type().typeName(), event.id(), attempt);
                    throw e;
                }
                LOG.warnf("attempt %d of %s %s failed, retrying in %d ms: %s", attempt, event.type().typeName(),
                        event.id(), backoff.toMillis(), e.getMessage());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    private void count(String outcome, String topic) {
        registry.counter("processflow.events.consumed", "outcome", outcome, "topic", topic).increment();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
