package dev.processflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalKafkaTest {

    /** kafka-storage format takes an id starting with '-' for an option and fails; one random id in 64 would. */
    @Test
    void clusterIdsAreNeverTakenForAnOption() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = LocalKafka.clusterId();
            assertThat(id).doesNotStartWith("-");
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
            ids.add(id);
        }
        assertThat(ids).hasSize(20_000);
    }
}
