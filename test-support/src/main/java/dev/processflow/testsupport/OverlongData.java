package dev.processflow.testsupport;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventCodec;

/**
 * The data of a valid event pushed past the contract's limits, as raw JSON (no record would construct it): a list
 * longer than allowed, a string longer than its column.
 */
public final class OverlongData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OverlongData() {
    }

    /** The event's data with the array at this pointer holding {@code count} copies of its first element. */
    public static String repeated(CloudEvent<?> valid, String arrayPointer, int count) {
        ObjectNode data = tree(valid);
        ArrayNode array = (ArrayNode) data.at(arrayPointer);
        JsonNode first = array.get(0);
        array.removeAll();
        for (int i = 0; i < count; i++) {
            array.add(first.deepCopy());
        }
        return data.toString();
    }

    /** The event's data with the text at this pointer replaced. */
    public static String replaced(CloudEvent<?> valid, String textPointer, String value) {
        ObjectNode data = tree(valid);
        JsonPointer pointer = JsonPointer.compile(textPointer);
        ((ObjectNode) data.at(pointer.head())).put(pointer.last().getMatchingProperty(), value);
        return data.toString();
    }

    private static ObjectNode tree(CloudEvent<?> valid) {
        try {
            return (ObjectNode) JSON.readTree(EventCodec.standard().encodeData(valid.data()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
