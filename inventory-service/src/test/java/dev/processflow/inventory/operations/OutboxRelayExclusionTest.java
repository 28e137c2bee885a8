package dev.processflow.inventory.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.processflow.platform.eventing.OutboxRelay;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One relay per database sends at a time: while another replica's relay holds the relay lock, this process's relay
 * waits instead of sending the rows behind the other's batch ahead of it, and sends them, in order, once it is free.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxRelayExclusionTest {

    private TopicWatch watch;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    void watch() {
        watch = TopicWatch.of(KafkaEngine.companion(), "inventory");
    }

    @AfterAll
    void close() {
        watch.close();
    }

    @Test
    void whileAnotherRelayHoldsTheLockNothingLeavesThenTheRowsLeaveInOrder() throws Exception {
        UUID orderId = UUID.randomUUID();
        List<UUID> eventIds = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        try (Connection otherRelay = dataSource.getConnection()) {
            otherRelay.setAutoCommit(false);
            try (PreparedStatement lock = otherRelay.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, OutboxRelay.RELAY_LOCK);
                lock.execute();
            }
            for (UUID eventId : eventIds) {
                waiting(eventId, orderId);
            }
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> ofOrder(orderId).isEmpty());
            otherRelay.commit();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> ofOrder(orderId).size() == eventIds.size());
        assertThat(ofOrder(orderId)).extracting(r -> TestEvents.header(r, "ce_id"))
                .containsExactlyElementsOf(eventIds.stream().map(UUID::toString).toList());
    }

    private List<ConsumerRecord<String, String>> ofOrder(UUID orderId) {
        return watch.matching(r -> orderId.toString().equals(r.key()));
    }

    /** An inventory.released event of this order, committed to the outbox on a connection of its own. */
    private void waiting(UUID eventId, UUID orderId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO outbox_event (event_id, topic, event_key, type, source, subject, event_time, payload)
                        VALUES (?, 'inventory', ?, 'processflow.inventory.released', '/processflow/inventory-service',
                                ?, ?, ?)""")) {
            insert.setObject(1, eventId);
            insert.setString(2, orderId.toString());
            insert.setString(3, orderId.toString());
            insert.setTimestamp(4, Timestamp.from(Instant.now()));
            insert.setString(5, "{\"orderId\": \"" + orderId + "\", \"lines\": [{\"sku\": \"SKU-1\", \"quantity\": 1}]}");
            insert.executeUpdate();
        }
    }
}
