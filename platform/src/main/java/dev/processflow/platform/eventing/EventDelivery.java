package dev.processflow.platform.eventing;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.MalformedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What every Kafka consumer does around its function: decode the CloudEvent, hand it over, retry transient failures
 * with backoff. Whatever is thrown from here is nacked and dead-lettered by the channel's failure strategy: a
 * malformed event at once, a failing one after its last attempt. For functions that are one database transaction
 * each, {@link #deliverBatch} applies a whole poll in one transaction instead.
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

    /**
     * Delivers a polled batch to a function that does all its work in the caller's transaction (one that joins a
     * transaction it finds, and calls nothing outside the database). Every record's effect and dedupe entry commit
     * together in one transaction, so a busy consumer pays for one commit per poll instead of one per record. If
     * the batch fails as a whole, each record goes again on its own, with retries, and only the records that still
     * fail are dead-lettered; the batch is acknowledged once those are on the dead-letter topic.
     * <p>
     * Events are applied sorted by subject (stable, so one aggregate's events keep their order): every batch
     * transaction takes the aggregates' row locks in the same order, so two consumers' batches never deadlock.
     */
    public CompletionStage<Void> deliverBatch(KafkaRecordBatch<String, byte[]> batch,
            Consumer<CloudEvent<?>> function) {
        return deliverBatch(batch, events -> { }, function);
    }

    /**
     * As {@link #deliverBatch(KafkaRecordBatch, Consumer)}, with {@code prepare} run first in the batch's
     * transaction on all its events: the place to take, in one global order, locks the events will need.
     */
    public CompletionStage<Void> deliverBatch(KafkaRecordBatch<String, byte[]> batch,
            Consumer<List<CloudEvent<?>>> prepare, Consumer<CloudEvent<?>> function) {
        List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
        List<Decoded> decoded = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            ConsumerRecord<String, byte[]> consumerRecord = consumerRecord(record);
            try {
                decoded.add(new Decoded(record, cloudEvents.decode(consumerRecord)));
            } catch (MalformedEventException e) {
                count("malformed", record.getTopic());
                LOG.warnf("dead-lettering malformed record %s-%d@%d: %s", consumerRecord.topic(),
                        consumerRecord.partition(), consumerRecord.offset(), e.getMessage());
                deadLettered.add(record.nack(e).toCompletableFuture());
            }
        }
        decoded.sort(Comparator.comparing(d -> d.event().subject()));
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                prepare.accept(decoded.stream().<CloudEvent<?>>map(Decoded::event).toList());
                decoded.forEach(d -> function.accept(d.event()));
            });
            decoded.forEach(d -> count("processed", d.record().getTopic()));
            countBatch("committed", batch);
        } catch (RuntimeException batchFailure) {
            countBatch("split", batch);
            LOG.debugf("batch of %d events failed as a whole, delivering one by one: %s", decoded.size(),
                    batchFailure.getMessage());
            for (Decoded d : decoded) {
                try {
                    deliver(d.event(), function);
                    count("processed", d.record().getTopic());
                } catch (RuntimeException e) {
                    count("failed", d.record().getTopic());
                    deadLettered.add(d.record().nack(e).toCompletableFuture());
                }
            }
        }
        return CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new))
                .thenCompose(done -> batch.ack());
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, byte[]> consumerRecord(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow().getRecord();
    }

    /** Batches applied in one transaction, and batches that failed as a whole and went one record at a time. */
    private void countBatch(String outcome, KafkaRecordBatch<String, byte[]> batch) {
        String topic = batch.getRecords().isEmpty() ? "none" : batch.getRecords().get(0).getTopic();
        registry.counter("processflow.events.batches", "outcome", outcome, "topic", topic).increment();
    }

    private record Decoded(KafkaRecord<String, byte[]> record, CloudEvent<?> event) {
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
