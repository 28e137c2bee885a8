package dev.processflow.payment.push;

import dev.processflow.testsupport.PushRefusals;
import dev.processflow.testsupport.Transport;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;

/** The conformance suite over Kafka, as the service runs outside Knative: its pull consumer, and no push route. */
@QuarkusTest
class PaymentKafkaConformanceTest extends PaymentConformance implements PushRefusals.Absent {

    @Override
    protected Stream<Transport> transports() {
        return Stream.of(Transport.kafka(kafka, watch));
    }
}
