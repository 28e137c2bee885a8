package dev.processflow.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of each service's conformance suite: its parameterized tests take a {@link Transport} from
 * {@code @MethodSource("transports")} and must see the same effects over Kafka and over HTTP push, binary and
 * structured. {@link #watch} reads the topics the suite checks from their start.
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
        return Stream.of(Transport.kafka(kafka, watch), Transport.httpBinary(), Transport.httpStructured());
    }
}
