package dev.processflow.notification.sending;

import static dev.processflow.notification.OrderEvents.confirmed;
import static dev.processflow.notification.OrderEvents.newAddress;
import static dev.processflow.notification.OrderEvents.publish;
import static dev.processflow.notification.OrderEvents.publishRaw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.notification.MailInbox;
import dev.processflow.notification.OrderEvents;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRecordsTest {

    private final KafkaCompanion kafka = OrderEvents.kafka();
    private TopicWatch deadLetters;

    @BeforeAll
    void watch() {
        deadLetters = TopicWatch.of(kafka, "orders.dlq");
    }

    @AfterAll
    void close() {
        deadLetters.close();
    }

    @Test
    void poisonRecordsAreDeadLetteredWithAReasonAndConsumptionGoesOn() {
        String notJson = UUID.randomUUID().toString();
        String wrongShape = UUID.randomUUID().toString();
        String unknownType = UUID.randomUUID().toString();
        String foreignType = UUID.randomUUID().toString();
        String noCloudEvent = UUID.randomUUID().toString();
        publishRaw(kafka, TestEvents.raw("orders", notJson, "{not json", ceHeaders(notJson, "processflow.order.confirmed")));
        publishRaw(kafka, TestEvents.raw("orders", wrongShape, "{\"orderId\": \"" + wrongShape + "\"}",
                ceHeaders(wrongShape, "processflow.order.confirmed")));
        publishRaw(kafka, TestEvents.raw("orders", unknownType, "{\"orderId\": \"" + unknownType + "\"}",
                ceHeaders(unknownType, "processflow.order.shipped")));
        ProducerRecord<String, String> payment = TestEvents.record(CloudEvent.create(Sources.PAYMENT_SERVICE,
                EventType.PAYMENT_AUTHORIZED, foreignType, new PaymentAuthorized(UUID.fromString(foreignType),
                        UUID.randomUUID(), Money.of(2999, "EUR"), "visa", "4242")));
        publishRaw(kafka, new ProducerRecord<>("orders", null, payment.key(), payment.value(), payment.headers()));
        publishRaw(kafka, TestEvents.raw("orders", noCloudEvent, "{\"hello\": \"world\"}"));

        assertDeadLettered(notJson, "{not json", "malformed");
        assertDeadLettered(wrongShape, "{\"orderId\": \"" + wrongShape + "\"}", "customer is required");
        assertDeadLettered(unknownType, "{\"orderId\": \"" + unknownType + "\"}", "unknown event type");
        assertDeadLettered(foreignType, payment.value(), "processflow.payment.authorized travels on payments, not on orders");
        assertDeadLettered(noCloudEvent, "{\"hello\": \"world\"}", "not a CloudEvent");

        UUID orderId = UUID.randomUUID();
        String address = newAddress("after-poison");
        publish(kafka, confirmed(orderId, address, "Ada Lovelace"));
        assertThat(MailInbox.of(address).await(1)).hasSize(1);
    }

    private void assertDeadLettered(String key, String value, String reason) {
        ConsumerRecord<String, String> record = deadLetters.await(r -> key.equals(r.key()));
        assertThat(TestEvents.header(record, "dead-letter-reason")).contains(reason);
        assertThat(TestEvents.header(record, "dead-letter-topic")).isEqualTo("orders");
        assertThat(record.value()).isEqualTo(value);
    }

    private static String[] ceHeaders(String subject, String type) {
        return new String[] {"ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
            "ce_source", "/processflow/order-service", "ce_type", type, "ce_subject", subject,
            "ce_time", Instant.now().toString(), "content-type", "application/json"};
    }
}
