package dev.processflow.notification.sending;

import static dev.processflow.notification.OrderEvents.awaitNotifications;
import static dev.processflow.notification.OrderEvents.confirmed;
import static dev.processflow.notification.OrderEvents.newAddress;
import static dev.processflow.notification.OrderEvents.placed;
import static dev.processflow.notification.OrderEvents.processed;
import static dev.processflow.notification.OrderEvents.publish;
import static dev.processflow.notification.OrderEvents.rejected;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.notification.NotificationKind;
import dev.processflow.events.notification.NotificationSent;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.events.order.RejectionReason;
import dev.processflow.notification.MailInbox;
import dev.processflow.notification.MailInbox.ReceivedMail;
import dev.processflow.notification.OrderEvents;
import dev.processflow.notification.email.EmailComposer;
import dev.processflow.notification.email.EmailFormat;
import dev.processflow.notification.email.OutgoingEmail;
import dev.processflow.testsupport.SmtpEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderOutcomeEmailTest {

    private final KafkaCompanion kafka = OrderEvents.kafka();
    private TopicWatch notifications;
    private TopicWatch deadLetters;

    @Inject
    EntityManager entityManager;

    @Inject
    OrderOutcomeNotifier notifier;

    @Inject
    EmailComposer composer;

    @BeforeAll
    void watch() {
        notifications = TopicWatch.of(kafka, "notifications");
        deadLetters = TopicWatch.of(kafka, "orders.dlq");
    }

    @AfterAll
    void close() {
        notifications.close();
        deadLetters.close();
    }

    @Test
    void confirmationEmailListsItemsAndTotalInTextAndHtml() {
        UUID orderId = UUID.randomUUID();
        String address = newAddress("ada");
        publish(kafka, confirmed(orderId, address, "Ada Lovelace & Co"));

        ReceivedMail mail = MailInbox.of(address).await(1).get(0);
        String ref = orderId.toString().substring(0, 8).toUpperCase();
        assertThat(mail.subject()).isEqualTo("Your order " + ref + " is confirmed");
        assertThat(mail.from()).isEqualTo("processflow <orders@processflow.dev>");
        assertThat(mail.to()).containsExactly(address);
        assertThat(mail.text())
                .contains("Hello Ada Lovelace & Co,")
                .contains("order " + ref + ". It is confirmed.")
                .contains("2 x SKU-001 at EUR 12.50 each = EUR 25.00")
                .contains("1 x SKU-002 at EUR 4.99 each = EUR 4.99")
                .contains("Total: EUR 29.99")
                .doesNotContain("&amp;");
        assertThat(mail.html())
                .contains("Hello Ada Lovelace &amp; Co,")
                .contains("<td>SKU-001</td><td align=\"right\">2</td><td align=\"right\">EUR 12.50</td><td align=\"right\">EUR 25.00</td>")
                .contains("<td>SKU-002</td><td align=\"right\">1</td><td align=\"right\">EUR 4.99</td><td align=\"right\">EUR 4.99</td>")
                .contains("<th align=\"right\">EUR 29.99</th>");

        JsonPath notification = awaitNotifications(orderId, 1);
        assertThat(notification.getList("$")).hasSize(1);
        String notificationId = notification.getString("[0].id");
        assertThat(notification.getString("[0].orderId")).isEqualTo(orderId.toString());
        assertThat(notification.getString("[0].type")).isEqualTo("CONFIRMATION");
        assertThat(notification.getString("[0].to")).isEqualTo(address);
        assertThat(notification.getString("[0].subject")).isEqualTo(mail.subject());
        assertThat(notification.getString("[0].status")).isEqualTo("SENT");
        assertThat(notification.getInt("[0].attempts")).isEqualTo(1);
        assertThat(Instant.parse(notification.getString("[0].sentAt"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(mail.messageId()).isEqualTo("<" + notificationId + "@processflow.dev>");

        ConsumerRecord<String, String> sent = notifications.await(TestEvents.ofType(EventType.NOTIFICATION_SENT, orderId.toString()));
        assertThat(TestEvents.header(sent, "ce_source")).isEqualTo("/processflow/notification-service");
        assertThat(TestEvents.decode(sent).data()).isEqualTo(new NotificationSent(orderId,
                UUID.fromString(notificationId), NotificationKind.CONFIRMATION, address));
    }

    @Test
    void rejectionEmailGivesTheReasonInPlainWords() {
        UUID outOfStock = UUID.randomUUID();
        UUID declined = UUID.randomUUID();
        String address = newAddress("grace");
        publish(kafka, rejected(outOfStock, address, RejectionReason.OUT_OF_STOCK, "SKU-001: requested 2, available 1"),
                rejected(declined, address, RejectionReason.PAYMENT_DECLINED, null));

        List<ReceivedMail> mails = MailInbox.of(address).await(2);
        ReceivedMail stock = bySubject(mails, EmailFormat.rejectionSubject(outOfStock));
        assertThat(stock.subject()).endsWith("could not be completed");
        assertThat(stock.text())
                .contains("Hello Grace Hopper,")
                .contains("Reason: Some items are out of stock.")
                .contains("Details: SKU-001: requested 2, available 1")
                .contains("You have not been charged");
        assertThat(stock.html())
                .contains("<p>Reason: Some items are out of stock.</p>")
                .contains("<p>Details: SKU-001: requested 2, available 1</p>");
        ReceivedMail payment = bySubject(mails, EmailFormat.rejectionSubject(declined));
        assertThat(payment.text()).contains("Reason: Your payment was declined.").doesNotContain("Details:");
        assertThat(payment.html()).contains("<p>Reason: Your payment was declined.</p>").doesNotContain("Details:");

        JsonPath notification = awaitNotifications(declined, 1);
        assertThat(notification.getString("[0].type")).isEqualTo("REJECTION");
        assertThat(notification.getString("[0].status")).isEqualTo("SENT");
        notifications.await(record -> TestEvents.ofType(EventType.NOTIFICATION_SENT, declined.toString()).test(record)
                && ((NotificationSent) TestEvents.decode(record).data()).kind() == NotificationKind.REJECTION);
    }

    @Test
    void redeliveredAndDuplicateEventsSendOneEmail() {
        UUID orderId = UUID.randomUUID();
        String address = newAddress("dup");
        CloudEvent<OrderConfirmed> event = confirmed(orderId, address, "Ada Lovelace");
        CloudEvent<OrderConfirmed> sameOutcomeAgain = confirmed(orderId, address, "Ada Lovelace");
        // One key, one partition: the last event is consumed after the others, so once it is recorded all are done.
        publish(kafka, event, event, sameOutcomeAgain, event);

        await().atMost(Duration.ofSeconds(30)).until(() -> processed(entityManager, sameOutcomeAgain.id()));
        assertThat(MailInbox.of(address).await(1)).hasSize(1);
        assertThat(processed(entityManager, event.id())).isTrue();
        asAdmin().queryParam("orderId", orderId.toString()).get("/notifications").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].attempts", equalTo(1));
        notifications.await(TestEvents.ofType(EventType.NOTIFICATION_SENT, orderId.toString()));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                notifications.matching(TestEvents.ofType(EventType.NOTIFICATION_SENT, orderId.toString())).size() == 1
                        && MailInbox.of(address).messages().size() == 1);
    }

    @Test
    void concurrentDeliveriesOfOneOutcomeSendOneEmail() {
        UUID orderId = UUID.randomUUID();
        String address = newAddress("race");
        List<CloudEvent<OrderConfirmed>> events = List.of(confirmed(orderId, address, "Ada Lovelace"),
                confirmed(orderId, address, "Ada Lovelace"), confirmed(orderId, address, "Ada Lovelace"));

        events.stream().map(event -> CompletableFuture.runAsync(() -> notifier.apply(event))).toList()
                .forEach(CompletableFuture::join);

        assertThat(events).allMatch(event -> processed(entityManager, event.id()));
        assertThat(MailInbox.of(address).await(1)).hasSize(1);
        Number rows = QuarkusTransaction.requiringNew().call(() -> (Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM notification WHERE order_id = ?1").setParameter(1, orderId).getSingleResult());
        assertThat(rows.intValue()).isEqualTo(1);
        notifications.await(TestEvents.ofType(EventType.NOTIFICATION_SENT, orderId.toString()));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                notifications.matching(TestEvents.ofType(EventType.NOTIFICATION_SENT, orderId.toString())).size() == 1
                        && MailInbox.of(address).messages().size() == 1);
    }

    @Test
    void claimLeftBehindByACrashedSenderIsSentAgainByTheSweepUnderTheSameMessageId() {
        UUID orderId = UUID.randomUUID();
        UUID notificationId = UUID.randomUUID();
        String address = newAddress("crash");
        CloudEvent<OrderConfirmed> event = confirmed(orderId, address, "Ada Lovelace");
        OutgoingEmail email = composer.confirmation(event.data());
        Instant crashedAt = Instant.now().minus(Duration.ofMinutes(10));
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                INSERT INTO notification (id, order_id, kind, recipient, subject, status, attempts, lease_until,
                                          event_id, created_at, updated_at, body_text, body_html)
                VALUES (?1, ?2, 'CONFIRMATION', ?3, ?4, 'SENDING', 1, ?5, ?6, ?5, ?5, ?7, ?8)""")
                .setParameter(1, notificationId)
                .setParameter(2, orderId)
                .setParameter(3, address)
                .setParameter(4, email.subject())
                .setParameter(5, Timestamp.from(crashedAt))
                .setParameter(6, event.id())
                .setParameter(7, email.text())
                .setParameter(8, email.html())
                .executeUpdate());

        ReceivedMail mail = MailInbox.of(address).await(1).get(0);
        assertThat(mail.messageId()).isEqualTo("<" + notificationId + "@processflow.dev>");
        assertThat(mail.subject()).isEqualTo(EmailFormat.confirmationSubject(orderId));
        awaitNotifications(orderId, 1);
        // The reclaim counts as an attempt beyond the crashed one; on a loaded machine that attempt may find the
        // server slow to answer and be retried, so the count is a lower bound, while the e-mail stays one.
        asAdmin().queryParam("orderId", orderId.toString()).get("/notifications").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", equalTo(notificationId.toString()))
                .body("[0].status", equalTo("SENT"))
                .body("[0].attempts", greaterThanOrEqualTo(2));
        notifications.await(TestEvents.ofType(EventType.NOTIFICATION_SENT, orderId.toString()));

        publish(kafka, event);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> MailInbox.of(address).messages().size() == 1);
    }

    @Test
    void aMailboxTheServerRefusesIsFailedAtOnceWithoutDeadLetterAndTheNextOutcomeGoesOut() {
        UUID refusedOrder = UUID.randomUUID();
        UUID nextOrder = UUID.randomUUID();
        String nextAddress = newAddress("after-refusal");
        CloudEvent<OrderConfirmed> refused = confirmed(refusedOrder, "nobody@" + SmtpEngine.UNKNOWN_DOMAIN,
                "Nobody");
        publish(kafka, refused, confirmed(nextOrder, nextAddress, "Ada Lovelace"));

        JsonPath failed = awaitNotifications(refusedOrder, 1);
        assertThat(failed.getString("[0].status")).isEqualTo("FAILED");
        assertThat(failed.getInt("[0].attempts")).isEqualTo(1);
        assertThat(lastError(refusedOrder)).startsWith("550");
        assertThat(processed(entityManager, refused.id())).isTrue();
        assertThat(MailInbox.of(nextAddress).await(1)).hasSize(1);

        publish(kafka, refused);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                deadLetters.matching(r -> refusedOrder.toString().equals(r.key())).isEmpty()
                        && awaitNotifications(refusedOrder, 1).getInt("[0].attempts") == 1);
        assertThat(notifications.matching(TestEvents.ofType(EventType.NOTIFICATION_SENT, refusedOrder.toString())))
                .isEmpty();
    }

    @Test
    void orderPlacedIsAcknowledgedWithoutEmail() {
        UUID orderId = UUID.randomUUID();
        String address = newAddress("placed");
        publish(kafka, placed(orderId, address), confirmed(orderId, address, "Ada Lovelace"));

        List<ReceivedMail> mails = MailInbox.of(address).await(1);
        assertThat(mails).extracting(ReceivedMail::subject).containsExactly(EmailFormat.confirmationSubject(orderId));
        assertThat(awaitNotifications(orderId, 1).getList("type")).containsExactly("CONFIRMATION");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> deadLetters.matching(r -> orderId.toString().equals(r.key())).isEmpty());
    }

    private String lastError(UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "SELECT last_error FROM notification WHERE order_id = ?1").setParameter(1, orderId).getSingleResult());
    }

    private static ReceivedMail bySubject(List<ReceivedMail> mails, String subject) {
        return mails.stream().filter(m -> subject.equals(m.subject())).findFirst()
                .orElseThrow(() -> new AssertionError("no email with subject " + subject + " in "
                        + mails.stream().map(ReceivedMail::subject).toList()));
    }
}
