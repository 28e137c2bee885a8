package dev.processflow.notification.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.notification.MailInbox;
import dev.processflow.notification.OrderEvents;
import dev.processflow.testsupport.OverlongData;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.Transport;
import dev.processflow.testsupport.TransportConformance;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same emails for the same events whether they arrive from Kafka or are pushed over HTTP: each subclass names
 * its transports and the profile they need.
 */
abstract class NotificationConformance extends TransportConformance {

    @Override
    protected String[] watchedTopics() {
        return new String[] {"notifications", "orders.dlq"};
    }

    @ParameterizedTest
    @MethodSource("transports")
    void oneEmailPerOutcomeDespiteDuplicates(Transport transport) {
        UUID confirmedOrder = UUID.randomUUID();
        String confirmedTo = OrderEvents.newAddress("conformance-" + transport);
        CloudEvent<?> confirmed = OrderEvents.confirmed(confirmedOrder, confirmedTo, "Ada");
        transport.deliver(OrderEvents.placed(confirmedOrder, confirmedTo));
        transport.deliver(confirmed);
        transport.deliver(confirmed);
        UUID rejectedOrder = UUID.randomUUID();
        String rejectedTo = OrderEvents.newAddress("conformance-rejected-" + transport);
        CloudEvent<?> rejected = OrderEvents.rejected(rejectedOrder, rejectedTo, RejectionReason.OUT_OF_STOCK, null);
        transport.deliver(rejected);
        transport.deliver(rejected);

        assertThat(MailInbox.of(confirmedTo).await(1)).hasSize(1);
        assertThat(MailInbox.of(rejectedTo).await(1)).hasSize(1);
        watch.await(TestEvents.ofType(EventType.NOTIFICATION_SENT, confirmedOrder.toString()));
        watch.await(TestEvents.ofType(EventType.NOTIFICATION_SENT, rejectedOrder.toString()));
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(MailInbox.of(confirmedTo).messages()).hasSize(1);
            assertThat(MailInbox.of(rejectedTo).messages()).hasSize(1);
            assertThat(watch.matching(TestEvents.ofType(EventType.NOTIFICATION_SENT, confirmedOrder.toString()))).hasSize(1);
        });
        OrderEvents.awaitNotifications(confirmedOrder, 1);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anOutcomeFromAnotherSourceSendsNoMail(Transport transport) {
        UUID orderId = UUID.randomUUID();
        String to = OrderEvents.newAddress("forged-" + transport);
        CloudEvent<?> confirmed = OrderEvents.confirmed(orderId, to, "Ada");
        for (String source : new String[] {Sources.NOTIFICATION_SERVICE, "/anyone"}) {
            transport.assertRefused(TestEvents.from(source, confirmed), "orders");
        }

        assertThat(MailInbox.of(to).messages()).isEmpty();
        assertThat(watch.matching(TestEvents.ofType(EventType.NOTIFICATION_SENT, orderId.toString()))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void overlongOutcomesAreRefusedAndTheStreamGoesOn(Transport transport) {
        UUID orderId = UUID.randomUUID();
        String to = OrderEvents.newAddress("overlong-" + transport);
        CloudEvent<?> rejected = OrderEvents.rejected(orderId, to, RejectionReason.TIMEOUT, "x".repeat(5000));
        String type = rejected.type().typeName();

        assertThat(transport.assertPoisonRefused("orders", type,
                OverlongData.replaced(rejected, "/customer/email", "a".repeat(320) + "@example.com")))
                .contains("at most 320");
        transport.deliver(rejected);

        assertThat(MailInbox.of(to).await(1)).hasSize(1);
        OrderEvents.awaitNotifications(orderId, 1);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void poisonIsRefused(Transport transport) {
        transport.assertPoisonRefused("orders", "processflow.order.confirmed", "not json at all");
        transport.assertPoisonRefused("orders", "processflow.order.rejected", "{\"orderId\": \"" + UUID.randomUUID() + "\"}");
        transport.assertPoisonRefused("orders", "processflow.order.refunded", "{}");
    }
}
