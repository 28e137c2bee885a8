package dev.processflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyTopicHasTheOwnerTheDesignNames() {
        assertThat(Topics.ALL).allSatisfy(topic -> assertThat(Topics.owner(topic)).startsWith("/processflow/"));
        assertThat(Topics.owner(Topics.PAYMENTS)).isEqualTo(Sources.PAYMENT_SERVICE);
        assertThat(Topics.owner(Topics.CATALOG)).isEqualTo(Sources.INVENTORY_SERVICE);
        assertThat(Topics.owner(Topics.INVENTORY)).isEqualTo(Sources.INVENTORY_SERVICE);
    }

    /** Design section 6: who owns which event types. */
    @Test
    void eachEventTypeTravelsOnATopicItsOwnerOwns() {
        Map<String, String> ownerByPrefix = Map.of("order.", Sources.ORDER_SERVICE, "payment.", Sources.PAYMENT_SERVICE,
                "inventory.", Sources.INVENTORY_SERVICE, "catalog.", Sources.INVENTORY_SERVICE,
                "notification.", Sources.NOTIFICATION_SERVICE, "image.", Sources.IMAGE_SERVICE);
        for (EventType type : EventType.values()) {
            String name = type.typeName().substring(EventType.PREFIX.length());
            String expected = ownerByPrefix.entrySet().stream().filter(e -> name.startsWith(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElseThrow();
            assertThat(Topics.owner(type.topic())).as(type.typeName()).isEqualTo(expected);
        }
    }

    @Test
    void aDeadLetterTopicHasNoOwner() {
        assertThatThrownBy(() -> Topics.owner(Topics.deadLetter(Topics.PAYMENTS))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payments.dlq");
    }
}
