package dev.processflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each event type has a golden sample; a contract change that would break a consumer fails here. */
class GoldenEventsTest {

    private final EventCodec codec = EventCodec.standard();
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenSampleRoundTripsUnchanged(EventType type) throws IOException {
        String golden = golden(type);

        CloudEvent<?> event = codec.decodeStructured(golden);

        assertThat(event.type()).isEqualTo(type);
        assertThat(event.data()).isInstanceOf(type.dataType());
        assertThat(event.topic()).isEqualTo(type.topic());
        assertThat(json.readTree(codec.encodeStructured(event))).isEqualTo(json.readTree(golden));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void unknownFieldsAreIgnored(EventType type) throws IOException {
        ObjectNode node = (ObjectNode) json.readTree(golden(type));
        ((ObjectNode) node.get("data")).put("addedInAFutureVersion", "whatever");
        node.put("someextension", "value");

        CloudEvent<?> event = codec.decodeStructured(node.toString());

        assertThat(json.readTree(codec.encodeData(event.data()))).isEqualTo(json.readTree(golden(type)).get("data"));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void dataWithoutItsIdentityIsMalformed(EventType type) throws IOException {
        ObjectNode node = (ObjectNode) json.readTree(golden(type));
        ObjectNode data = (ObjectNode) node.get("data");
        data.remove(data.fieldNames().next());

        assertThatThrownBy(() -> codec.decodeStructured(node.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(type.typeName());
    }

    /** Downstream reads are authorized against the owner's subject: an order event without it is refused. */
    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"ORDER_PLACED", "ORDER_CONFIRMED", "ORDER_REJECTED"})
    void orderEventsWithoutTheCustomersSubjectAreMalformed(EventType type) throws IOException {
        ObjectNode node = (ObjectNode) json.readTree(golden(type));
        ((ObjectNode) node.get("data").get("customer")).remove("id");

        assertThatThrownBy(() -> codec.decodeStructured(node.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("id");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void typeNameCarriesThePrefix(EventType type) {
        assertThat(type.typeName()).startsWith("processflow.");
        assertThat(EventType.fromTypeName(type.typeName())).contains(type);
    }

    @org.junit.jupiter.api.Test
    void unknownTypeIsMalformed() throws IOException {
        ObjectNode node = (ObjectNode) json.readTree(golden(EventType.ORDER_PLACED));
        node.put("type", "processflow.order.teleported");

        assertThatThrownBy(() -> codec.decodeStructured(node.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("unknown event type");
    }

    @org.junit.jupiter.api.Test
    void notJsonIsMalformed() {
        assertThatThrownBy(() -> codec.decodeStructured("{not json"))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> codec.decodeData(EventType.ORDER_PLACED, "[1,2,3]"))
                .isInstanceOf(MalformedEventException.class);
    }

    @org.junit.jupiter.api.Test
    void wrongFieldTypeIsMalformed() throws IOException {
        ObjectNode node = (ObjectNode) json.readTree(golden(EventType.PAYMENT_CAPTURED));
        ((ObjectNode) node.get("data")).put("amount", "a lot");

        assertThatThrownBy(() -> codec.decodeStructured(node.toString()))
                .isInstanceOf(MalformedEventException.class);
    }

    static String golden(EventType type) throws IOException {
        String name = "/golden/" + type.typeName().substring(EventType.PREFIX.length()) + ".json";
        try (InputStream in = GoldenEventsTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden sample %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
