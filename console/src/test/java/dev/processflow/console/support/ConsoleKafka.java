package dev.processflow.console.support;

import static dev.processflow.testsupport.TestUsers.asAdmin;
import static org.awaitility.Awaitility.await;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.Topics;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The topics the console reads, on the test broker, and a way to write events on them as their owners would. */
public final class ConsoleKafka {

    private static final int PARTITIONS = 3;
    private static final KafkaCompanion KAFKA = KafkaEngine.companion();

    private ConsoleKafka() {
    }

    /** Creates every flow and dead-letter topic once and waits until the console's feed reads all of them. */
    public static synchronized void ready() {
        Set<String> existing = KAFKA.topics().list();
        Stream.concat(Topics.ALL.stream(), Topics.ALL.stream().map(Topics::deadLetter))
                .filter(topic -> !existing.contains(topic))
                .forEach(topic -> KAFKA.topics().createAndWait(topic, PARTITIONS));
        int expected = (Topics.ALL.size() - 1 + Topics.ALL.size()) * PARTITIONS;
        await().atMost(Duration.ofSeconds(30)).until(() -> asAdmin().get("/api/ops/health")
                .then().extract().path("feedPartitions").equals(expected));
    }

    public static void publish(CloudEvent<?>... events) {
        KAFKA.produceStrings().fromRecords(Stream.of(events).map(TestEvents::record).toList()).awaitCompletion();
    }

    public static void publish(ProducerRecord<String, String> record) {
        KAFKA.produceStrings().fromRecords(record).awaitCompletion();
    }
}
