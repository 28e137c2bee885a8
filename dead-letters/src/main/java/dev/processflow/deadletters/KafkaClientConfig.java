package dev.processflow.deadletters;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Configuration for Kafka clients of our own (admin, operator consumers and producers) from a broker configuration
 * that may hold more (a service's {@code kafka.*}: the same address and credentials its channels use), keeping only
 * what each kind of client knows, so none of them warns about the rest.
 */
public final class KafkaClientConfig {

    private KafkaClientConfig() {
    }

    public static Map<String, Object> adminConfig(Map<String, Object> broker) {
        return only(broker, AdminClientConfig.configNames());
    }

    public static Map<String, Object> consumerConfig(Map<String, Object> broker) {
        return only(broker, ConsumerConfig.configNames());
    }

    public static Map<String, Object> producerConfig(Map<String, Object> broker) {
        return only(broker, ProducerConfig.configNames());
    }

    private static Map<String, Object> only(Map<String, Object> broker, Set<String> known) {
        return broker.entrySet().stream()
                .filter(e -> known.contains(e.getKey()) && e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
