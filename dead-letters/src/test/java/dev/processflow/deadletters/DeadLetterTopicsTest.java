package dev.processflow.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeadLetterTopicsTest {

    @Test
    void aDeadLetterTopicBelongsToTheTopicBeforeItsSuffix() {
        assertThat(DeadLetterTopics.originalTopicOf("orders.dlq")).isEqualTo("orders");
        assertThatThrownBy(() -> DeadLetterTopics.originalTopicOf("orders")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeadLetterTopics.originalTopicOf(".dlq")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsAreTopicPartitionAndOffset() {
        DeadLetterTopics.Coordinates at = DeadLetterTopics.Coordinates.parse("orders.dlq:2:15");
        assertThat(at).isEqualTo(new DeadLetterTopics.Coordinates("orders.dlq", 2, 15));
        assertThat(at.toString()).isEqualTo("orders.dlq:2:15");
        for (String bad : new String[] {"orders.dlq", "orders.dlq:2", ":2:15", "orders.dlq:x:15", "orders.dlq:2:y"}) {
            assertThatThrownBy(() -> DeadLetterTopics.Coordinates.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
