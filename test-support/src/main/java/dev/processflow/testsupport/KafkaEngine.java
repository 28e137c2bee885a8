package dev.processflow.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.Map;

/**
 * A real Kafka broker in KRaft mode, started once per test JVM and handed to Quarkus as
 * {@code kafka.bootstrap.servers}. The address is kept in a system property because Quarkus may load this class in
 * more than one class loader during a test run; every later start reuses the running broker.
 */
public class KafkaEngine implements QuarkusTestResourceLifecycleManager {

    public static final String BOOTSTRAP_PROPERTY = "processflow.test.kafka.bootstrap";

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker outlives each Quarkus application and stops with the JVM
    }

    public static synchronized String bootstrapServers() {
        String running = System.getProperty(BOOTSTRAP_PROPERTY);
        if (running != null) {
            return running;
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(properties -> {
                    properties.put("num.partitions", "3");
                    properties.put("offsets.topic.num.partitions", "3");
                    properties.put("group.initial.rebalance.delay.ms", "0");
                    properties.put("auto.create.topics.enable", "true");
                })
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-engine-stop"));
        String bootstrap = broker.getAdvertisedListeners();
        System.setProperty(BOOTSTRAP_PROPERTY, bootstrap);
        return bootstrap;
    }

    /** A companion on the shared broker, for producing and consuming raw records in tests. */
    public static KafkaCompanion companion() {
        KafkaCompanion companion = new KafkaCompanion(bootstrapServers(), Duration.ofSeconds(30));
        return companion;
    }
}
