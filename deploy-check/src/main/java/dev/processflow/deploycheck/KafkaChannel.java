package dev.processflow.deploycheck;

/** An incoming SmallRye Kafka channel of a service, as its configuration resolves it for a set of profiles. */
public record KafkaChannel(String name, String topic, String groupId, String deadLetterTopic, boolean enabled) {
}
