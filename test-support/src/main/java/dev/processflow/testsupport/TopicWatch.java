package dev.processflow.testsupport;

import static org.awaitility.Awaitility.await;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a topic from its start in the background, so a test can wait for records matching what it expects. */
public final class TopicWatch implements AutoCloseable {

    private final ConsumerTask<String, String> task;

    private TopicWatch(ConsumerTask<String, String> task) {
        this.task = task;
    }

    public static TopicWatch of(KafkaCompanion companion, String... topics) {
        return new TopicWatch(companion.consumeStrings()
                .withOffsetReset(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST)
                .withGroupId("test-watch-" + java.util.UUID.randomUUID())
                .fromTopics(topics));
    }

    public List<ConsumerRecord<String, String>> matching(Predicate<ConsumerRecord<String, String>> predicate) {
        return task.getRecords().stream().filter(predicate).toList();
    }

    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> predicate) {
        return await(predicate, Duration.ofSeconds(30));
    }

    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> predicate, Duration timeout) {
        return org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> matching(predicate).stream().findFirst().orElse(null), java.util.Objects::nonNull);
    }

    @Override
    public void close() {
        task.stop();
    }
}
