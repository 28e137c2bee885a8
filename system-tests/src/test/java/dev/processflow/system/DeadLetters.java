package dev.processflow.system;

import dev.processflow.events.Topics;
import dev.processflow.stack.KafkaCredentials;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** How many records each dead-letter topic holds: taken before and after a fault, nothing may have been added. */
record DeadLetters(Map<String, Long> perTopic) {

    /** Counted as the broker's read-only observer: the broker lets no one in without logging in. */
    static DeadLetters count(RunningStack.Handle stack) {
        try (Admin admin = Admin.create(stack.kafkaClient(KafkaCredentials.OBSERVER))) {
            Map<TopicPartition, OffsetSpec> ends = admin.describeTopics(Topics.ALL.stream().map(Topics::deadLetter).toList())
                    .allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<String, Long> perTopic = new HashMap<>();
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> perTopic.merge(tp.topic(), info.offset(), Long::sum));
            return new DeadLetters(Map.copyOf(perTopic));
        } catch (Exception e) {
            throw new IllegalStateException("could not count the dead letters", e);
        }
    }
}
