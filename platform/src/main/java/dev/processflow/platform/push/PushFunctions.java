package dev.processflow.platform.push;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The functions a service exposes to push delivery ({@code POST /events}): the very functions its Kafka consumers
 * call, looked up by event type. Each consuming service provides one bean.
 */
public interface PushFunctions {

    /**
     * The CloudEvents type of a Knative PingSource tick: a service's periodic work (sweeps) runs on it while the
     * service may be scaled to zero.
     */
    String PING = "dev.knative.sources.ping";

    /** The function for this event type, or empty when this service does not consume it. */
    Optional<Consumer<CloudEvent<?>>> functionFor(EventType type);

    /** A periodic trigger without processflow data, such as a Knative PingSource tick, by CloudEvents type. */
    default Optional<Runnable> triggerFor(String cloudEventType) {
        return Optional.empty();
    }
}
