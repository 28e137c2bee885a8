package dev.processflow.payment.push;

import static dev.processflow.testsupport.TestUsers.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.payment.PaymentDriver;
import dev.processflow.testsupport.OverlongData;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.Transport;
import dev.processflow.testsupport.TransportConformance;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same effects for the same events whether they arrive from Kafka or are pushed over HTTP: each subclass names
 * its transports and the profile they need.
 */
abstract class PaymentConformance extends TransportConformance {

    @Override
    protected String[] watchedTopics() {
        return new String[] {"payments", "orders.dlq"};
    }

    @ParameterizedTest
    @MethodSource("transports")
    void authorizeThenCaptureOnceDespiteDuplicates(Transport transport) {
        UUID orderId = UUID.randomUUID();
        CloudEvent<?> placed = PaymentDriver.placed(orderId, "tok_visa", 2500);
        transport.deliver(placed);
        transport.deliver(placed);
        watch.await(TestEvents.ofType(EventType.PAYMENT_AUTHORIZED, orderId.toString()));
        CloudEvent<?> confirmed = PaymentDriver.confirmed(orderId, 2500);
        transport.deliver(confirmed);
        transport.deliver(confirmed);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                asAdmin().get("/payments/" + orderId).then().extract().<String>path("status")).isEqualTo("CAPTURED"));
        watch.await(TestEvents.ofType(EventType.PAYMENT_CAPTURED, orderId.toString()));
        assertThat(watch.matching(TestEvents.ofType(EventType.PAYMENT_AUTHORIZED, orderId.toString()))).hasSize(1);
        assertThat(watch.matching(TestEvents.ofType(EventType.PAYMENT_CAPTURED, orderId.toString()))).hasSize(1);
        assertThat(asAdmin().get("/payments/" + orderId).then().extract().<Integer>path("amount.amount")).isEqualTo(2500);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void declineAndRejectionVoidNothingTwice(Transport transport) {
        UUID declined = UUID.randomUUID();
        transport.deliver(PaymentDriver.placed(declined, "tok_chargeDeclined", 900));
        watch.await(TestEvents.ofType(EventType.PAYMENT_DECLINED, declined.toString()));
        UUID voided = UUID.randomUUID();
        transport.deliver(PaymentDriver.placed(voided, "tok_mastercard", 900));
        watch.await(TestEvents.ofType(EventType.PAYMENT_AUTHORIZED, voided.toString()));
        CloudEvent<?> rejected = PaymentDriver.rejected(voided, RejectionReason.OUT_OF_STOCK);
        transport.deliver(rejected);
        transport.deliver(rejected);

        watch.await(TestEvents.ofType(EventType.PAYMENT_VOIDED, voided.toString()));
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(watch.matching(TestEvents.ofType(EventType.PAYMENT_VOIDED, voided.toString()))).hasSize(1));
        assertThat(asAdmin().get("/payments/" + declined).then().extract().<String>path("declineCode")).isEqualTo("card_declined");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anOrderEventFromAnotherSourceIsRefusedAndChangesNothing(Transport transport) {
        UUID orderId = UUID.randomUUID();
        CloudEvent<?> placed = PaymentDriver.placed(orderId, "tok_visa", 1200);
        for (String source : new String[] {Sources.PAYMENT_SERVICE, "/anyone"}) {
            transport.assertRefused(TestEvents.from(source, placed), "orders");
        }

        asAdmin().get("/payments/" + orderId).then().statusCode(404);
        assertThat(watch.matching(TestEvents.ofType(EventType.PAYMENT_AUTHORIZED, orderId.toString()))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void overlongOrdersAreRefusedAndTheStreamGoesOn(Transport transport) {
        UUID orderId = UUID.randomUUID();
        CloudEvent<?> placed = PaymentDriver.placed(orderId, "tok_visa", 1300);

        assertThat(transport.assertPoisonRefused("orders", placed.type().typeName(),
                OverlongData.repeated(placed, "/items", 101))).contains("at most 100");
        assertThat(transport.assertPoisonRefused("orders", placed.type().typeName(),
                OverlongData.replaced(placed, "/paymentToken", "t".repeat(256)))).contains("at most 255");
        transport.deliver(placed);

        watch.await(TestEvents.ofType(EventType.PAYMENT_AUTHORIZED, orderId.toString()));
        assertThat(asAdmin().get("/payments/" + orderId).then().extract().<String>path("status")).isEqualTo("AUTHORIZED");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void poisonIsRefused(Transport transport) {
        transport.assertPoisonRefused("orders", "processflow.order.placed", "not json at all");
        transport.assertPoisonRefused("orders", "processflow.order.confirmed", "{\"orderId\": \"not-a-uuid\"}");
        transport.assertPoisonRefused("orders", "processflow.order.shipped", "{}");
        transport.assertPoisonRefused("orders", "processflow.payment.captured", "{}");
    }

}
