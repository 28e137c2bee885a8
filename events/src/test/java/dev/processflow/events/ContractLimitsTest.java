package dev.processflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The contract's bounds and owners: what no consumer ever has to handle because decoding refuses it. */
class ContractLimitsTest {

    private final EventCodec codec = EventCodec.standard();
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
        "ORDER_PLACED, /processflow/order-service", "ORDER_CONFIRMED, /processflow/order-service",
        "ORDER_REJECTED, /processflow/order-service", "PAYMENT_AUTHORIZED, /processflow/payment-service",
        "PAYMENT_DECLINED, /processflow/payment-service", "PAYMENT_CAPTURED, /processflow/payment-service",
        "PAYMENT_VOIDED, /processflow/payment-service", "INVENTORY_RESERVED, /processflow/inventory-service",
        "INVENTORY_REJECTED, /processflow/inventory-service", "INVENTORY_COMMITTED, /processflow/inventory-service",
        "INVENTORY_RELEASED, /processflow/inventory-service", "CATALOG_PRODUCT_UPSERTED, /processflow/inventory-service",
        "NOTIFICATION_SENT, /processflow/notification-service", "IMAGE_UPLOADED, /processflow/image-service",
        "IMAGE_RESIZED, /processflow/image-service", "IMAGE_FAILED, /processflow/image-service"})
    void everyTypeHasTheOwnerTheDesignNames(EventType type, String owner) {
        assertThat(type.owner()).isEqualTo(owner);
    }

    @Test
    void anOrderOfAHundredLinesIsAcceptedAndOneMoreIsNot() throws IOException {
        assertThat(codec.decodeStructured(placedWithLines(100).toString()).data()).isNotNull();

        assertThatThrownBy(() -> codec.decodeStructured(placedWithLines(101).toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("items must hold at most 100 elements");
    }

    @Test
    void aSkuLongerThanItsColumnIsMalformed() throws IOException {
        ObjectNode event = golden(EventType.INVENTORY_RESERVED);
        ((ObjectNode) event.get("data").get("lines").get(0)).put("sku", "S".repeat(Limits.SKU + 1));

        assertThatThrownBy(() -> codec.decodeStructured(event.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("sku must be at most 64 characters");
    }

    @Test
    void anIdentifierWithAControlCharacterIsMalformed() throws IOException {
        ObjectNode event = golden(EventType.PAYMENT_DECLINED);
        ((ObjectNode) event.get("data")).put("declineCode", "card_declined\u0000");

        assertThatThrownBy(() -> codec.decodeStructured(event.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("control characters");
    }

    @Test
    void anOverlongEmailIsMalformedButALongFreeTextIsNot() throws IOException {
        ObjectNode rejected = golden(EventType.ORDER_REJECTED);
        ((ObjectNode) rejected.get("data")).put("detail", "x".repeat(10_000));
        assertThat(codec.decodeStructured(rejected.toString()).data()).isNotNull();

        ((ObjectNode) rejected.get("data").get("customer")).put("email", "a".repeat(Limits.EMAIL) + "@example.com");
        assertThatThrownBy(() -> codec.decodeStructured(rejected.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("email must be at most 320 characters");
    }

    @Test
    void aCatalogEventWithoutVersionReadsAsVersionZeroAndANegativeOneIsMalformed() throws IOException {
        ObjectNode event = golden(EventType.CATALOG_PRODUCT_UPSERTED);
        ((ObjectNode) event.get("data")).remove("version");
        assertThat(codec.decodeStructured(event.toString()).data())
                .extracting("version").isEqualTo(0L);

        ((ObjectNode) event.get("data")).put("version", -1);
        assertThatThrownBy(() -> codec.decodeStructured(event.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("version");
    }

    private ObjectNode placedWithLines(int count) throws IOException {
        ObjectNode event = golden(EventType.ORDER_PLACED);
        ArrayNode items = ((ObjectNode) event.get("data")).putArray("items");
        for (int i = 0; i < count; i++) {
            ObjectNode line = items.addObject();
            line.put("sku", "SKU-" + i);
            line.put("quantity", 1);
            line.putObject("unitPrice").put("amount", 100).put("currency", "EUR");
        }
        return event;
    }

    private ObjectNode golden(EventType type) throws IOException {
        return (ObjectNode) json.readTree(GoldenEventsTest.golden(type));
    }
}
