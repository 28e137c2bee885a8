package dev.processflow.order.push;

import dev.processflow.testsupport.PushRefusals;
import io.quarkus.test.junit.QuarkusTest;

/** The conformance suite over Kafka, as the service runs outside Knative: its pull consumers, and no push route. */
@QuarkusTest
class OrderKafkaConformanceTest extends OrderConformance implements PushRefusals.Absent {
}
