package dev.processflow.platform.tracing;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Spans and call metrics of events, on both sides of the broker. A producer's send is a child of the span the event
 * was written in (its context stored with the outbox row); a consumer's processing is a child of that send (its
 * context carried as the CloudEvents distributed-tracing extension), so one order's events form one trace whatever
 * the transport and however many services it crosses. Every span names the event (type, id, source), the order or
 * image it is about, and how the function ended; every processing is also timed as
 * {@code processflow.function.calls} by event type, transport and outcome.
 */
@ApplicationScoped
public class EventTracing {

    public static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("processflow.order_id");
    public static final AttributeKey<String> IMAGE_ID = AttributeKey.stringKey("processflow.image_id");
    public static final AttributeKey<String> SKU = AttributeKey.stringKey("processflow.sku");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("processflow.outcome");
    public static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("processflow.transport");
    public static final AttributeKey<Boolean> DUPLICATE = AttributeKey.booleanKey("processflow.duplicate");
    public static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
    public static final AttributeKey<String> EVENT_SOURCE = AttributeKey.stringKey("cloudevents.event_source");
    public static final AttributeKey<String> EVENT_SUBJECT = AttributeKey.stringKey("cloudevents.event_subject");

    /** Where an event came in. */
    public enum Transport {
        KAFKA, PUSH;

        String tag() {
            return name().toLowerCase();
        }
    }

    /** How a function's call on one event ended, as spans and metrics name it. */
    public enum Outcome {
        /** Applied (or found already applied: see {@link #DUPLICATE}). */
        PROCESSED,
        /** Refused for good: dead-lettered on Kafka, answered 400 on push. */
        REJECTED,
        /** Malformed or not from its owner: dead-lettered at once, 400 on push. */
        MALFORMED,
        /** Failed in a batch; goes again on its own, with a span of its own. */
        RETRIED_ALONE,
        /** Failed for now: a push delivery answered 503 for the sender to retry. */
        FAILED,
        /** The application stopped while a dependency was away: neither applied nor dead-lettered, comes again. */
        ABANDONED;

        public String tag() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> MESSAGE_KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    private static final AttributeKey<String> SUBSCRIPTION =
            AttributeKey.stringKey("messaging.destination.subscription.name");
    private static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("messaging.batch.message_count");
    private static final Duration[] CALL_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30)};

    private final Tracer tracer;
    private final MeterRegistry registry;

    public EventTracing(Tracer tracer, MeterRegistry registry) {
        this.tracer = tracer;
        this.registry = registry;
    }

    /**
     * The send of one outbox row: a producer span in the trace the row was written in, or a new trace if it was
     * written outside any (a catalog announcement). Not made current: the caller ends it when the broker answers.
     */
    public Span startSend(String topic, String eventId, String type, String source, String subject,
            Optional<TraceContext> writtenIn) {
        SpanBuilder builder = tracer.spanBuilder("send " + topic).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(MESSAGING_OPERATION, "send")
                .setAttribute(DESTINATION, topic)
                .setAttribute(MESSAGE_ID, eventId)
                .setAttribute(MESSAGE_KEY, subject)
                .setAttribute(EVENT_ID, eventId)
                .setAttribute(EVENT_TYPE, type)
                .setAttribute(EVENT_SOURCE, source)
                .setAttribute(EVENT_SUBJECT, subject)
                .setAttribute(aggregate(topic), subject);
        writtenIn.ifPresentOrElse(parent -> builder.setParent(parent.asParent()), builder::setNoParent);
        return builder.startSpan();
    }

    /**
     * One consumer poll applied in one transaction: a span of its own (its events belong to many orders), linked to
     * each event's send; each event's processing then links back to it.
     */
    public Span startBatch(String topic, String channel, int size, Collection<Optional<TraceContext>> sends) {
        SpanBuilder builder = tracer.spanBuilder("process " + topic + " batch").setSpanKind(SpanKind.CONSUMER)
                .setNoParent()
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(MESSAGING_OPERATION, "process")
                .setAttribute(DESTINATION, topic)
                .setAttribute(SUBSCRIPTION, channel)
                .setAttribute(BATCH_SIZE, (long) size)
                .setAttribute(TRANSPORT, Transport.KAFKA.tag());
        sends.forEach(send -> send.ifPresent(context -> builder.addLink(context.spanContext())));
        return builder.startSpan();
    }

    /**
     * The processing of one event by this service's function: a consumer span, child of the event's send (from the
     * extension) and linked to {@code via} (the batch, or the HTTP request that pushed it), started now.
     */
    public Processing startProcessing(CloudEvent<?> event, Optional<TraceContext> sentIn, Transport transport,
            String destination, Optional<SpanContext> via) {
        SpanBuilder builder = tracer.spanBuilder("process " + event.type().typeName()).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, transport == Transport.KAFKA ? "kafka" : "knative")
                .setAttribute(MESSAGING_OPERATION, "process")
                .setAttribute(DESTINATION, destination)
                .setAttribute(MESSAGE_ID, event.id().toString())
                .setAttribute(EVENT_ID, event.id().toString())
                .setAttribute(EVENT_TYPE, event.type().typeName())
                .setAttribute(EVENT_SOURCE, event.source())
                .setAttribute(EVENT_SUBJECT, event.subject())
                .setAttribute(TRANSPORT, transport.tag())
                .setAttribute(aggregate(event.topic()), event.subject());
        sentIn.ifPresentOrElse(parent -> builder.setParent(parent.asParent()), builder::setNoParent);
        via.filter(SpanContext::isValid).ifPresent(builder::addLink);
        return new Processing(builder.startSpan(), event.type().typeName(), transport, System.nanoTime());
    }

    /**
     * Runs work done on an aggregate later, outside any request or event (a sweep deciding an order, a payment
     * intent's call), in a span of the trace the aggregate kept, so whatever it emits joins that trace.
     */
    public void within(String name, Optional<TraceContext> keptFrom, String topic, String subject, Runnable work) {
        within(name, keptFrom, topic, subject, () -> {
            work.run();
            return null;
        });
    }

    /** As {@link #within(String, Optional, String, String, Runnable)}, for work with a result. */
    public <T> T within(String name, Optional<TraceContext> keptFrom, String topic, String subject, Supplier<T> work) {
        SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL).setAttribute(aggregate(topic), subject);
        keptFrom.ifPresentOrElse(parent -> builder.setParent(parent.asParent()), builder::setNoParent);
        Span span = builder.startSpan();
        try (Scope inSpan = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            span.end();
        }
    }

    /** Marks the processing on this thread as having found its event applied before (a redelivery). */
    public static void markDuplicate() {
        Span.current().setAttribute(DUPLICATE, true);
    }

    /** Adds a function's own result (a decision, a status) to the processing on this thread. */
    public static void note(String key, String value) {
        Span.current().setAttribute("processflow." + key, value);
    }

    private static AttributeKey<String> aggregate(String topic) {
        if (Topics.IMAGES.equals(topic)) {
            return IMAGE_ID;
        }
        return Topics.CATALOG.equals(topic) ? SKU : ORDER_ID;
    }

    /** One event's processing under way: made current around each attempt, ended once with its outcome. */
    public final class Processing {

        private final Span span;
        private final String eventType;
        private final Transport transport;
        private final long startedAt;

        private Processing(Span span, String eventType, Transport transport, long startedAt) {
            this.span = span;
            this.eventType = eventType;
            this.transport = transport;
            this.startedAt = startedAt;
        }

        public Scope enter() {
            return span.makeCurrent();
        }

        public Context context() {
            return Context.current().with(span);
        }

        public SpanContext spanContext() {
            return span.getSpanContext();
        }

        /** An attempt failed and another follows (a dependency away, a retried failure). */
        public void attemptFailed(Throwable failure) {
            span.recordException(failure);
        }

        public void end(Outcome outcome, Throwable failure) {
            span.setAttribute(OUTCOME, outcome.tag());
            if (failure != null) {
                span.recordException(failure);
            }
            if (outcome != Outcome.PROCESSED) {
                span.setStatus(StatusCode.ERROR, failure == null ? outcome.tag() : String.valueOf(failure.getMessage()));
            }
            span.end();
            Timer.builder("processflow.function.calls")
                    .description("calls of this service's function on one event, by event type, transport and outcome")
                    .tags("event_type", eventType, "transport", transport.tag(), "outcome", outcome.tag())
                    .serviceLevelObjectives(CALL_BUCKETS)
                    .register(registry)
                    .record(System.nanoTime() - startedAt, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
