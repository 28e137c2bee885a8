package dev.processflow.platform.eventing;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.Topics;

/**
 * Only an event's owner can cause it (design, invariant 8): the one place where every consumer, pulled or pushed,
 * refuses an event whose {@code source} is not its type's owner, and a record that travels on another type's topic
 * (a {@code payment.*} record on the {@code inventory} topic was written by someone who may not write
 * {@code payments}). Either is malformed: dead-lettered on pull, 400 on push, never applied. A channel moved to a
 * topic outside the product's (a benchmark's private copy, say) is not a product topic and carries any type.
 */
public final class Provenance {

    private Provenance() {
    }

    /** The event, if its source owns its type; otherwise a {@link MalformedEventException}. */
    public static CloudEvent<?> owned(CloudEvent<?> event) {
        if (!event.type().owner().equals(event.source())) {
            throw new MalformedEventException(event.type().typeName() + " is accepted only from " + event.type().owner()
                    + ", not from " + event.source());
        }
        return event;
    }

    /** As {@link #owned}, and, read from one of the product's topics, read from its type's own. */
    public static CloudEvent<?> owned(CloudEvent<?> event, String topic) {
        if (Topics.ALL.contains(topic) && !event.topic().equals(topic)) {
            throw new MalformedEventException(event.type().typeName() + " travels on " + event.topic() + ", not on "
                    + topic);
        }
        return owned(event);
    }
}
