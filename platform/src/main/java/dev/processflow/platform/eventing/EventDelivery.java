package dev.processflow.platform.eventing;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.MalformedEventException;
import dev.processflow.platform.eventing.DeliveryMonitor.Delivery;
import dev.processflow.platform.tracing.EventTracing;
import dev.processflow.platform.tracing.EventTracing.Processing;
import dev.processflow.platform.tracing.EventTracing.Transport;
import dev.processflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What every Kafka consumer does around its function: decode the CloudEvent, hand it over, and decide what a failure
 * means. Only the event's own failures are dead-lettered: a malformed event at once, one a function keeps refusing
 * (a rule, a bug) after {@code processflow.consumer.max-attempts}. A dependency that is unavailable or timing out
 * ({@link Failures#isInfrastructure}) is the consumer's problem, not the event's: the delivery backs off (capped) and
 * tries again for as long as it takes, keeping its place, so the partition waits in order and nothing is
 * dead-lettered; the connector pauses the partitions meanwhile and keeps polling, so the consumer stays in its group.
 * {@link DeliveryMonitor} makes the wait visible in health.
 * <p>
 * For functions that are one database transaction each, {@link #deliverBatch} applies a whole poll in one
 * transaction instead.
 */
@ApplicationScoped
public class EventDelivery {

    private static final Logger LOG = Logger.getLogger(EventDelivery.class);
    private static final Duration REMINDER = Duration.ofSeconds(30);

    /** How a delivery ended. */
    private sealed interface Outcome {
        record Done() implements Outcome {
        }

        record Rejected(RuntimeException failure) implements Outcome {
        }

        /** The application is stopping while a dependency is still away: neither acknowledged nor dead-lettered. */
        record Abandoned() implements Outcome {
        }
    }

    /** Ends an event's processing span and call timer with what the delivery's outcome says. */
    private static void end(Processing processing, Outcome outcome) {
        if (outcome instanceof Outcome.Rejected rejected) {
            processing.end(rejected.failure() instanceof MalformedEventException ? EventTracing.Outcome.MALFORMED
                    : EventTracing.Outcome.REJECTED, rejected.failure());
        } else if (outcome instanceof Outcome.Abandoned) {
            processing.end(EventTracing.Outcome.ABANDONED, null);
        } else {
            processing.end(EventTracing.Outcome.PROCESSED, null);
        }
    }

    private final KafkaCloudEvents cloudEvents;
    private final ProcessedEvents processedEvents;
    private final EventTracing tracing;
    private final DeliveryMonitor monitor;
    private final MeterRegistry registry;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration dependencyMaxBackoff;
    private volatile boolean stopping;

    public EventDelivery(KafkaCloudEvents cloudEvents, ProcessedEvents processedEvents, EventTracing tracing,
            DeliveryMonitor monitor, MeterRegistry registry,
            @ConfigProperty(name = "processflow.consumer.max-attempts", defaultValue = "10") int maxAttempts,
            @ConfigProperty(name = "processflow.consumer.initial-backoff", defaultValue = "200ms") Duration initialBackoff,
            @ConfigProperty(name = "processflow.consumer.max-backoff", defaultValue = "10s") Duration maxBackoff,
            @ConfigProperty(name = "processflow.consumer.dependency-max-backoff", defaultValue = "5s")
            Duration dependencyMaxBackoff) {
        this.cloudEvents = cloudEvents;
        this.processedEvents = processedEvents;
        this.tracing = tracing;
        this.monitor = monitor;
        this.registry = registry;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.dependencyMaxBackoff = dependencyMaxBackoff;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    /**
     * Delivers one record: acknowledged once the function returned, dead-lettered (nacked) when it is malformed or
     * refused for good. A delivery still waiting for a dependency when the application stops is left unacknowledged,
     * so the record comes again after the restart.
     */
    public CompletionStage<Void> deliver(KafkaRecord<String, byte[]> record, Consumer<CloudEvent<?>> function) {
        ConsumerRecord<String, byte[]> consumerRecord = consumerRecord(record);
        CloudEvent<?> event;
        try {
            event = cloudEvents.decode(consumerRecord);
        } catch (MalformedEventException e) {
            return deadLetterMalformed(record, consumerRecord, e);
        }
        Processing processing = tracing.startProcessing(event, cloudEvents.traceContext(consumerRecord),
                Transport.KAFKA, record.getTopic(), Optional.empty());
        Outcome outcome;
        try (Delivery delivery = monitor.start(record.getTopic(), describe(event))) {
            outcome = deliver(event, function, delivery, processing);
        }
        end(processing, outcome);
        return settle(record, outcome);
    }

    /**
     * Delivers a polled batch to a function that does all its work in the caller's transaction (one that joins a
     * transaction it finds, and calls nothing outside the database). Every record's effect and dedupe entry commit
     * together in one transaction, so a busy consumer pays for one commit per poll instead of one per record, and
     * the batch's ids enter the dedupe log in one statement ({@link ProcessedEvents#claimAll}). While a
     * dependency is away the whole batch waits and goes again; if it fails for any other reason, each record goes
     * again on its own and only the records that keep failing are dead-lettered; the batch is acknowledged once
     * those are on the dead-letter topic.
     * <p>
     * Events are applied sorted by subject (stable, so one aggregate's events keep their order): every batch
     * transaction takes the aggregates' row locks in the same order, so two consumers' batches never deadlock.
     * <p>
     * The poll has a span of its own, linked to every event's send; each event's processing is a span in its own
     * order's trace, from its function's first call to the batch's commit, linked to the poll's span.
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
                decoded.add(new Decoded(record, cloudEvents.decode(consumerRecord),
                        cloudEvents.traceContext(consumerRecord)));
            } catch (MalformedEventException e) {
                deadLettered.add(deadLetterMalformed(record, consumerRecord, e).toCompletableFuture());
            }
        }
        decoded.sort(Comparator.comparing(d -> d.event().subject()));
        String topic = batch.getRecords().isEmpty() ? "none" : batch.getRecords().get(0).getTopic();
        String channel = batch.getRecords().isEmpty() ? "none" : channel(batch.getRecords().get(0));
        Span poll = tracing.startBatch(topic, channel, decoded.size(), decoded.stream().map(Decoded::trace).toList());
        Processing[] processings = new Processing[decoded.size()];
        try (Delivery delivery = monitor.start(topic, "batch of " + decoded.size() + " events")) {
            boolean committed = applyBatch(decoded, prepare, function, delivery, poll, processings);
            endAll(processings, committed ? new Outcome.Done() : new Outcome.Abandoned());
            poll.end();
            if (!committed) {
                return new CompletableFuture<>();
            }
        } catch (RuntimeException batchFailure) {
            for (Processing processing : processings) {
                if (processing != null) {
                    processing.end(EventTracing.Outcome.RETRIED_ALONE, batchFailure);
                }
            }
            poll.recordException(batchFailure);
            poll.setStatus(StatusCode.ERROR, "failed as a whole; its events went one by one");
            poll.end();
            countBatch("split", topic);
            LOG.debugf("batch of %d events failed as a whole, delivering one by one: %s", decoded.size(),
                    batchFailure.getMessage());
            for (Decoded d : decoded) {
                Processing processing = tracing.startProcessing(d.event(), d.trace(), Transport.KAFKA, topic,
                        Optional.of(poll.getSpanContext()));
                Outcome outcome;
                try (Delivery delivery = monitor.start(topic, describe(d.event()))) {
                    outcome = deliver(d.event(), function, delivery, processing);
                }
                end(processing, outcome);
                if (outcome instanceof Outcome.Abandoned) {
                    return new CompletableFuture<>();
                }
                if (outcome instanceof Outcome.Rejected rejected) {
                    deadLettered.add(deadLetter(d.record(), rejected.failure()));
                } else {
                    count("processed", topic);
                }
            }
        }
        return CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new))
                .thenCompose(done -> batch.ack());
    }

    private static void endAll(Processing[] processings, Outcome outcome) {
        for (Processing processing : processings) {
            if (processing != null) {
                end(processing, outcome);
            }
        }
    }

    /**
     * Applies the batch in one transaction, again and again while a dependency is away. True once it committed;
     * false when the application stops first; a failure of the events themselves is thrown.
     */
    private boolean applyBatch(List<Decoded> decoded, Consumer<List<CloudEvent<?>>> prepare,
            Consumer<CloudEvent<?>> function, Delivery delivery, Span poll, Processing[] processings) {
        String topic = decoded.isEmpty() ? "none" : decoded.get(0).record().getTopic();
        Backoff backoff = new Backoff(initialBackoff, dependencyMaxBackoff);
        for (int attempt = 1; ; attempt++) {
            delivery.attempt();
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    try (Scope inPoll = poll.makeCurrent()) {
                        List<CloudEvent<?>> events = decoded.stream().<CloudEvent<?>>map(Decoded::event).toList();
                        processedEvents.claimAll(events);
                        prepare.accept(events);
                    }
                    for (int i = 0; i < decoded.size(); i++) {
                        Decoded d = decoded.get(i);
                        if (processings[i] == null) {
                            processings[i] = tracing.startProcessing(d.event(), d.trace(), Transport.KAFKA, topic,
                                    Optional.of(poll.getSpanContext()));
                        }
                        try (Scope inEvent = processings[i].enter()) {
                            function.accept(d.event());
                        }
                    }
                });
                delivery.attemptEnded();
                recovered(delivery, attempt, "a batch of " + decoded.size() + " events");
                decoded.forEach(d -> count("processed", d.record().getTopic()));
                countBatch("committed", topic);
                return true;
            } catch (RuntimeException e) {
                delivery.attemptEnded();
                if (!Failures.isInfrastructure(e)) {
                    throw e;
                }
                poll.recordException(e);
                if (!waitForDependency(delivery, e, attempt, "a batch of " + decoded.size() + " events", backoff)) {
                    return false;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, byte[]> consumerRecord(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow().getRecord();
    }

    private static String channel(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getChannel)
                .orElse("none");
    }

    /** Hands a record to the dead-letter topic (the channel's failure strategy) and counts it by reason. */
    private CompletableFuture<Void> deadLetter(KafkaRecord<String, byte[]> record, RuntimeException failure) {
        registry.counter("processflow.dead.letters", "topic", record.getTopic(), "reason",
                failure instanceof MalformedEventException ? "malformed" : "rejected").increment();
        return record.nack(failure).toCompletableFuture();
    }

    private CompletionStage<Void> deadLetterMalformed(KafkaRecord<String, byte[]> record,
            ConsumerRecord<String, byte[]> consumerRecord, MalformedEventException e) {
        count("malformed", record.getTopic());
        LOG.warnf("dead-lettering malformed record %s-%d@%d: %s", consumerRecord.topic(), consumerRecord.partition(),
                consumerRecord.offset(), e.getMessage());
        return deadLetter(record, e);
    }

    private CompletionStage<Void> settle(KafkaRecord<String, byte[]> record, Outcome outcome) {
        if (outcome instanceof Outcome.Rejected rejected) {
            count("failed", record.getTopic());
            return deadLetter(record, rejected.failure());
        }
        if (outcome instanceof Outcome.Abandoned) {
            return new CompletableFuture<>();
        }
        count("processed", record.getTopic());
        return record.ack();
    }

    /** Batches applied in one transaction, and batches that failed as a whole and went one record at a time. */
    private void countBatch(String outcome, String topic) {
        registry.counter("processflow.events.batches", "outcome", outcome, "topic", topic).increment();
    }

    private record Decoded(KafkaRecord<String, byte[]> record, CloudEvent<?> event, Optional<TraceContext> trace) {
    }

    /**
     * Runs the function until it returns: a dependency failure is retried for as long as it takes, any other failure
     * up to {@code max-attempts} times with exponential backoff, a malformed event not at all.
     */
    private Outcome deliver(CloudEvent<?> event, Consumer<CloudEvent<?>> function, Delivery delivery,
            Processing processing) {
        Backoff eventBackoff = new Backoff(initialBackoff, maxBackoff);
        Backoff dependencyBackoff = new Backoff(initialBackoff, dependencyMaxBackoff);
        int failures = 0;
        for (int attempt = 1; ; attempt++) {
            delivery.attempt();
            try (Scope inEvent = processing.enter()) {
                function.accept(event);
                delivery.attemptEnded();
                recovered(delivery, attempt, describe(event));
                return new Outcome.Done();
            } catch (MalformedEventException e) {
                delivery.attemptEnded();
                return new Outcome.Rejected(e);
            } catch (RuntimeException e) {
                delivery.attemptEnded();
                processing.attemptFailed(e);
                if (Failures.isInfrastructure(e)) {
                    if (!waitForDependency(delivery, e, attempt, describe(event), dependencyBackoff)) {
                        return new Outcome.Abandoned();
                    }
                    continue;
                }
                failures++;
                if (failures >= maxAttempts) {
                    LOG.errorf(e, "giving up on %s after %d failed attempts", describe(event), failures);
                    return new Outcome.Rejected(e);
                }
                Duration pause = eventBackoff.next();
                LOG.warnf("attempt %d of %s failed, retrying in %d ms: %s", failures, describe(event),
                        pause.toMillis(), e.getMessage());
                if (!sleep(pause)) {
                    return new Outcome.Abandoned();
                }
            }
        }
    }

    /**
     * Records the wait, logs it (at the first failure, then every half minute) and sleeps out the backoff. False when
     * the application is stopping: the delivery is then given up without an acknowledgement.
     */
    private boolean waitForDependency(Delivery delivery, RuntimeException failure, int attempt, String what,
            Backoff backoff) {
        boolean first = delivery.waitingSince() == null;
        delivery.waitingFor(failure);
        count("dependency-unavailable", delivery.topic());
        Duration waited = Duration.between(delivery.waitingSince(), Instant.now());
        if (first) {
            LOG.warnf("a dependency is unavailable while delivering %s; retrying until it is back: %s", what,
                    Failures.rootMessage(failure));
        } else if (backoff.remind(REMINDER)) {
            LOG.warnf("still waiting for a dependency to deliver %s: %d attempts in %d s, last: %s", what, attempt,
                    waited.toSeconds(), Failures.rootMessage(failure));
        }
        return !stopping && sleep(backoff.next());
    }

    private static void recovered(Delivery delivery, int attempts, String what) {
        if (delivery.waitingSince() != null) {
            LOG.infof("delivered %s after its dependency came back: %d attempts in %d s", what, attempts,
                    Duration.between(delivery.waitingSince(), Instant.now()).toSeconds());
        }
    }

    private static String describe(CloudEvent<?> event) {
        return event.type().typeName() + " " + event.id();
    }

    private void count(String outcome, String topic) {
        registry.counter("processflow.events.consumed", "outcome", outcome, "topic", topic).increment();
    }

    /** False when interrupted, which only happens when the application stops. */
    private boolean sleep(Duration duration) {
        if (stopping) {
            return false;
        }
        try {
            Thread.sleep(duration.toMillis());
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Exponential backoff from an initial pause, doubling up to a cap. */
    private static final class Backoff {

        private final Duration max;
        private Duration current;
        private Instant lastReminder = Instant.now();

        Backoff(Duration initial, Duration max) {
            this.max = max;
            this.current = initial;
        }

        Duration next() {
            Duration pause = current;
            Duration doubled = current.multipliedBy(2);
            current = doubled.compareTo(max) > 0 ? max : doubled;
            return pause;
        }

        /** True at most once per interval: for log lines about a long wait. */
        boolean remind(Duration interval) {
            Instant now = Instant.now();
            if (Duration.between(lastReminder, now).compareTo(interval) < 0) {
                return false;
            }
            lastReminder = now;
            return true;
        }
    }
}
