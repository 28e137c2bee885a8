package dev.processflow.payment.flow;

import static dev.processflow.payment.PaymentDriver.payment;
import static dev.processflow.payment.PaymentDriver.placed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.EventType;
import dev.processflow.payment.PaymentDriver;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Poison records on the orders topic go to orders.dlq with the reason in a header, and the consumer goes on: a valid
 * event queued right behind each one, on the same partition, is processed.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterTest {

    enum Poison {
        NOT_JSON("data is malformed"),
        WRONG_SHAPE("data is malformed"),
        UNKNOWN_TYPE("unknown event type"),
        NO_CLOUDEVENT_HEADERS("not a CloudEvent"),
        NOT_AN_ORDER_EVENT("processflow.payment.authorized travels on payments, not on orders");

        final String reason;

        Poison(String reason) {
            this.reason = reason;
        }

        ProducerRecord<String, String> record(UUID orderId) {
            String key = orderId.toString();
            return switch (this) {
                case NOT_JSON -> TestEvents.raw("orders", key, "{this is not json", headers(key, "processflow.order.placed"));
                case WRONG_SHAPE -> TestEvents.raw("orders", key,
                        "{\"orderId\": \"" + key + "\", \"total\": \"a lot\", \"items\": 3}",
                        headers(key, "processflow.order.placed"));
                case UNKNOWN_TYPE -> TestEvents.raw("orders", key, "{\"orderId\": \"" + key + "\"}",
                        headers(key, "processflow.order.teleported"));
                case NO_CLOUDEVENT_HEADERS -> TestEvents.raw("orders", key, "{\"orderId\": \"" + key + "\"}");
                case NOT_AN_ORDER_EVENT -> TestEvents.raw("orders", key,
                        "{\"orderId\": \"" + key + "\", \"paymentId\": \"" + UUID.randomUUID()
                                + "\", \"amount\": {\"amount\": 100, \"currency\": \"EUR\"}}",
                        headers(key, "processflow.payment.authorized"));
            };
        }

        private static String[] headers(String subject, String type) {
            return new String[] {"ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                "ce_source", "/processflow/order-service", "ce_type", type, "ce_subject", subject,
                "ce_time", Instant.now().toString(), "content-type", "application/json"};
        }
    }

    private final PaymentDriver driver = new PaymentDriver();
    private TopicWatch deadLetters;

    @BeforeAll
    void watch() {
        deadLetters = TopicWatch.of(driver.kafka(), "orders.dlq");
    }

    @AfterAll
    void close() {
        deadLetters.close();
        driver.close();
    }

    @ParameterizedTest
    @EnumSource(Poison.class)
    void poisonRecordIsDeadLetteredAndConsumptionContinues(Poison poison) {
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, String> record = poison.record(orderId);
        driver.sendRaw(record);
        driver.send(placed(orderId, "tok_visa", 1000));

        ConsumerRecord<String, String> dead = deadLetters.await(r -> orderId.toString().equals(r.key()));
        assertThat(dead.value()).isEqualTo(record.value());
        assertThat(TestEvents.header(dead, "dead-letter-reason")).contains(poison.reason);
        assertThat(TestEvents.header(dead, "dead-letter-topic")).isEqualTo("orders");

        driver.await(EventType.PAYMENT_AUTHORIZED, orderId);
        assertThat(payment(orderId).getList("history.action", String.class)).containsExactly("AUTHORIZED");
        assertThat(deadLetters.matching(r -> orderId.toString().equals(r.key()))).hasSize(1);
    }
}
