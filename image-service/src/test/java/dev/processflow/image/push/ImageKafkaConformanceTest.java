package dev.processflow.image.push;

import dev.processflow.testsupport.PushRefusals;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The conformance suite over Kafka, as the service runs outside Knative: its own pull consumer handles the events,
 * and there is no push route.
 */
@QuarkusTest
class ImageKafkaConformanceTest extends ImageConformance implements PushRefusals.Absent {
}
