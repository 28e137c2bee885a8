package dev.processflow.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * Encodes and decodes event data as JSON. Unknown fields are ignored (forward compatibility); anything that cannot
 * become a valid event raises {@link MalformedEventException}, which transports turn into a dead letter or a 400.
 */
public final class EventCodec {

    private final ObjectMapper mapper;
    /** A reader per event type, its deserializer found once rather than looked up for every event. */
    private final Map<EventType, ObjectReader> readers = new EnumMap<>(EventType.class);

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper.copy()
                .registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        for (EventType type : EventType.values()) {
            readers.put(type, this.mapper.readerFor(type.dataType()));
        }
    }

    public static EventCodec standard() {
        return new EventCodec(JsonMapper.builder().build());
    }

    public String encodeData(Object data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data not serializable: " + data.getClass().getName(), e);
        }
    }

    /** Decodes the data of an event whose attributes arrived separately (Kafka or HTTP binary mode). */
    public CloudEvent<?> decode(String id, String source, String typeName, String subject, String time, String json) {
        EventType type = EventType.fromTypeName(typeName)
                .orElseThrow(() -> new MalformedEventException("unknown event type: " + typeName));
        Object data = decodeData(type, json);
        try {
            return new CloudEvent<>(parseId(id), source, type, subject, EventTimes.parse(time), data);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("invalid CloudEvent attributes: " + e.getMessage(), e);
        }
    }

    public Object decodeData(EventType type, String json) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException(type.typeName() + " has no data");
        }
        try {
            return readers.get(type).readValue(json);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException(type.typeName() + " data is malformed: " + rootMessage(e), e);
        }
    }

    /** Structured mode: the whole CloudEvent as one JSON document. */
    public String encodeStructured(CloudEvent<?> event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("specversion", CloudEvent.SPEC_VERSION);
        node.put("id", event.id().toString());
        node.put("source", event.source());
        node.put("type", event.type().typeName());
        node.put("subject", event.subject());
        node.put("time", event.time().toString());
        node.put("datacontenttype", CloudEvent.DATA_CONTENT_TYPE);
        node.set("data", mapper.valueToTree(event.data()));
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public CloudEvent<?> decodeStructured(String json) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not JSON: " + rootMessage(e), e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEventException("a structured CloudEvent must be a JSON object");
        }
        JsonNode data = node.get("data");
        return decode(text(node, "id"), text(node, "source"), text(node, "type"), text(node, "subject"),
                text(node, "time"), data == null || data.isNull() ? null : data.toString());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static UUID parseId(String id) {
        if (id == null) {
            throw new IllegalArgumentException("id is required");
        }
        return UUID.fromString(id);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
