package dev.processflow.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of each service's conformance suite: its parameterized tests take a {@link Transport} from
 * {@code @MethodSource("transports")} and must see the same effects over Kafka and over HTTP push, binary and
 * structured. The transports are those of the profile the suite runs under: Kafka pull where push delivery is off
 * (the normal profile), HTTP push with tokens where it is on ({@link KnativePush}). {@link #watch} reads the topics
 * the suite checks from their start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TransportConformance {

    protected final KafkaCompanion kafka = KafkaEngine.companion();
    protected TopicWatch watch;

    /** The topics the suite checks: what the function emits, and the dead-letter topic of what it consumes. */
    protected abstract String[] watchedTopics();

    @BeforeAll
    void openWatch() {
        watch = TopicWatch.of(kafka, watchedTopics());
    }

    @AfterAll
    void closeWatch() {
        watch.close();
    }

    protected Stream<Transport> transports() {
        boolean push = ConfigProvider.getConfig().getOptionalValue("processflow.push.enabled", Boolean.class)
                .orElse(false);
        return push ? Stream.of(Transport.httpBinary(), Transport.httpStructured())
                : Stream.of(Transport.kafka(kafka, watch));
    }
}
