package dev.processflow.notification.push;

import dev.processflow.testsupport.PushRefusals;
import io.quarkus.test.junit.QuarkusTest;

/** The conformance suite over Kafka, as the service runs outside Knative: its pull consumer, and no push route. */
@QuarkusTest
class NotificationKafkaConformanceTest extends NotificationConformance implements PushRefusals.Absent {
}
