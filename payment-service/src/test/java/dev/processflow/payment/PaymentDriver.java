package dev.processflow.payment;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.Topics;
import dev.processflow.events.order.Customer;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.OrderLine;
import dev.processflow.events.order.OrderPlaced;
import dev.processflow.events.order.OrderRejected;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestUsers;
import dev.processflow.testsupport.TopicWatch;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.Awaitility;

/**
 * Drives payment-service the way order-service does: order events onto the orders topic, payment events read back
 * from the payments topic, payments read over REST. One per test class; close it when done.
 */
public final class PaymentDriver implements AutoCloseable {

    private static final Customer ADA = new Customer(TestUsers.ADA, "ada@example.com", "Ada Lovelace");

    private final KafkaCompanion kafka = KafkaEngine.companion();
    private final TopicWatch payments = TopicWatch.of(kafka, Topics.PAYMENTS);

    public static CloudEvent<OrderPlaced> placed(UUID orderId, String token, long amount) {
        return CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_PLACED, orderId.toString(),
                new OrderPlaced(orderId, ADA, lines(amount), Money.of(amount, "EUR"), token, Instant.now()));
    }

    public static CloudEvent<OrderConfirmed> confirmed(UUID orderId, long amount) {
        return CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_CONFIRMED, orderId.toString(),
                new OrderConfirmed(orderId, ADA, lines(amount), Money.of(amount, "EUR"), Instant.now()));
    }

    public static CloudEvent<OrderRejected> rejected(UUID orderId, RejectionReason reason) {
        return CloudEvent.create(Sources.ORDER_SERVICE, EventType.ORDER_REJECTED, orderId.toString(),
                new OrderRejected(orderId, ADA, reason, "rejected by the test", Instant.now()));
    }

    private static List<OrderLine> lines(long amount) {
        return List.of(new OrderLine("SKU-PAY", 1, Money.of(amount, "EUR")));
    }

    public KafkaCompanion kafka() {
        return kafka;
    }

    /** Produces the events in this order; events of one order share a key, hence a partition, hence their order. */
    public void send(CloudEvent<?>... events) {
        kafka.produceStrings().fromRecords(Arrays.stream(events).map(TestEvents::record).toList()).awaitCompletion();
    }

    /**
     * Sends order.placed and waits for its outcome of this type, as order-service does before it decides: an order
     * is confirmed only once its payment is authorized, and a decline is what rejects it.
     */
    public void placeAndAwait(CloudEvent<OrderPlaced> placed, EventType outcome) {
        send(placed);
        await(outcome, placed.data().orderId());
    }

    public void sendRaw(ProducerRecord<String, String> record) {
        kafka.produceStrings().fromRecords(List.of(record)).awaitCompletion();
    }

    public ConsumerRecord<String, String> await(EventType type, UUID orderId) {
        return payments.await(TestEvents.ofType(type, orderId.toString()));
    }

    public ConsumerRecord<String, String> await(EventType type, UUID orderId, Duration timeout) {
        return payments.await(TestEvents.ofType(type, orderId.toString()), timeout);
    }

    /** Every payment event about the order seen so far, any type. */
    public List<ConsumerRecord<String, String>> eventsAbout(UUID orderId) {
        return payments.matching(r -> orderId.toString().equals(r.key()));
    }

    public List<ConsumerRecord<String, String>> events(EventType type, UUID orderId) {
        return payments.matching(TestEvents.ofType(type, orderId.toString()));
    }

    /**
     * Waits until payment-service has handled everything sent so far about {@code orderId}, carried out every intent
     * it opened, and announced every result: a fresh order on the same partitions is authorized (so the consumer has
     * passed the order's events), then nothing waits for the provider, then another fresh order is authorized (its
     * payment event queues behind the order's last one).
     */
    public void barrierAfter(UUID orderId) {
        UUID consumed = sameRoute(orderId);
        send(placed(consumed, "tok_visa", 100));
        await(EventType.PAYMENT_AUTHORIZED, consumed);
        Awaitility.await("intents of " + orderId + " carried out").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> nothingPending(orderId));
        UUID announced = sameRoute(orderId);
        send(placed(announced, "tok_visa", 100));
        await(EventType.PAYMENT_AUTHORIZED, announced);
    }

    /** No payment, or one with nothing waiting for the provider. */
    public static boolean nothingPending(UUID orderId) {
        var response = TestUsers.asAdmin().get("/payments/" + orderId);
        return response.statusCode() == 404 || response.jsonPath().getList("pending").isEmpty();
    }

    /** A new order id whose events travel on the same partitions as those of {@code orderId}. */
    public UUID sameRoute(UUID orderId) {
        int orders = partitions(Topics.ORDERS);
        int paymentsTopic = partitions(Topics.PAYMENTS);
        while (true) {
            UUID candidate = UUID.randomUUID();
            if (partition(candidate, orders) == partition(orderId, orders)
                    && partition(candidate, paymentsTopic) == partition(orderId, paymentsTopic)) {
                return candidate;
            }
        }
    }

    private int partitions(String topic) {
        kafka.topics().waitForTopic(topic).await().atMost(Duration.ofSeconds(30));
        Map<String, org.apache.kafka.clients.admin.TopicDescription> described = kafka.topics().describe(topic);
        List<TopicPartitionInfo> partitions = described.get(topic).partitions();
        return partitions.size();
    }

    private static int partition(UUID key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.toString().getBytes(StandardCharsets.UTF_8), partitions);
    }

    /** GET /payments/{orderId} as its customer, Ada, expected to exist. */
    public static JsonPath payment(UUID orderId) {
        return TestUsers.asAda().get("/payments/" + orderId).then().statusCode(200).extract().jsonPath();
    }

    public static int paymentStatusCode(UUID orderId) {
        return TestUsers.asAda().get("/payments/" + orderId).statusCode();
    }

    @Override
    public void close() {
        payments.close();
        kafka.close();
    }
}
