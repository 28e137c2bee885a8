package dev.processflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event with typed JSON data. {@code subject} is the aggregate id and doubles as the Kafka key,
 * so every event of one order or image stays in one partition, in order.
 */
public record CloudEvent<T>(UUID id, String source, EventType type, String subject, Instant time, T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";

    public CloudEvent {
        Required.value(id, "id");
        Required.text(source, "source");
        Required.value(type, "type");
        Required.text(subject, "subject");
        Required.value(time, "time");
        Required.value(data, "data");
        if (!type.dataType().isInstance(data)) {
            throw new IllegalArgumentException(type.typeName() + " carries " + type.dataType().getSimpleName()
                    + ", not " + data.getClass().getSimpleName());
        }
    }

    /** A new event with a random id, stamped now. */
    public static <T> CloudEvent<T> create(String source, EventType type, String subject, T data) {
        return new CloudEvent<>(UUID.randomUUID(), source, type, subject, Instant.now(), data);
    }

    public String topic() {
        return type.topic();
    }
}
