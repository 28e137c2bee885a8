package dev.processflow.image.push;

import dev.processflow.testsupport.Transport;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;

/** The conformance suite over Kafka: the service's own pull consumer handles the events. */
@QuarkusTest
class ImageKafkaConformanceTest extends ImageConformance {

    @Override
    protected Stream<Transport> transports() {
        return Stream.of(Transport.kafka(kafka, watch));
    }
}
