package dev.processflow.notification.sending;

import static dev.processflow.notification.OrderEvents.awaitNotifications;
import static dev.processflow.notification.OrderEvents.confirmed;
import static dev.processflow.notification.OrderEvents.newAddress;
import static dev.processflow.notification.OrderEvents.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.notification.MailInbox;
import dev.processflow.notification.OrderEvents;
import dev.processflow.testsupport.SmtpEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@QuarkusTest
@TestProfile(SmtpOutage.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpOutageTest {

    private static final String MAX_RETRIES =
            "quarkus.fault-tolerance.\"dev.processflow.notification.sending.EmailSender/send\".retry.max-retries";

    private final KafkaCompanion kafka = OrderEvents.kafka();
    private TopicWatch deadLetters;
    private TopicWatch notifications;

    @BeforeAll
    void watch() {
        deadLetters = TopicWatch.of(kafka, "orders.dlq");
        notifications = TopicWatch.of(kafka, "notifications");
    }

    @AfterAll
    void close() {
        deadLetters.close();
        notifications.close();
    }

    @Test
    void outageEndsInFailedAndOneDeadLetterThenDeliveryResumesAndTheDeadLetterCanBeReplayed() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.mailer.port", Integer.class)).isEqualTo(SmtpOutage.port());
        int maxAttempts = ConfigProvider.getConfig().getValue(MAX_RETRIES, Integer.class) + 1;

        UUID first = UUID.randomUUID();
        String firstAddress = newAddress("outage");
        publish(kafka, confirmed(first, firstAddress, "Ada Lovelace"));

        ConsumerRecord<String, String> deadLetter = deadLetters.await(r -> first.toString().equals(r.key()));
        assertThat(TestEvents.header(deadLetter, "dead-letter-reason"))
                .contains("SMTP did not accept the CONFIRMATION email of order " + first + " after " + maxAttempts + " attempts");
        JsonPath failed = awaitNotifications(first, 1);
        assertThat(failed.getString("[0].status")).isEqualTo("FAILED");
        assertThat(failed.getInt("[0].attempts")).isEqualTo(maxAttempts);
        assertThat(failed.getString("[0].sentAt")).isNull();
        String notificationId = failed.getString("[0].id");

        UUID second = UUID.randomUUID();
        publish(kafka, confirmed(second, newAddress("outage"), "Ada Lovelace"));
        deadLetters.await(r -> second.toString().equals(r.key()));
        JsonPath alsoFailed = awaitNotifications(second, 1);
        assertThat(alsoFailed.getString("[0].status")).isEqualTo("FAILED");
        assertThat(alsoFailed.getInt("[0].attempts")).isEqualTo(maxAttempts);
        assertThat(deadLetters.matching(r -> first.toString().equals(r.key()))).hasSize(1);
        assertThat(MailInbox.of(firstAddress).messages()).isEmpty();

        try (TcpRelay smtpBack = TcpRelay.start(SmtpOutage.port(), SmtpEngine.smtpPort())) {
            UUID third = UUID.randomUUID();
            String thirdAddress = newAddress("recovered");
            publish(kafka, confirmed(third, thirdAddress, "Ada Lovelace"));
            assertThat(MailInbox.of(thirdAddress).await(1)).hasSize(1);
            JsonPath sent = awaitNotifications(third, 1);
            assertThat(sent.getString("[0].status")).isEqualTo("SENT");
            assertThat(sent.getInt("[0].attempts")).isEqualTo(1);

            CloudEvent<?> replayed = TestEvents.decode(deadLetter);
            assertThat(replayed.type()).isEqualTo(EventType.ORDER_CONFIRMED);
            publish(kafka, replayed);
            MailInbox.ReceivedMail mail = MailInbox.of(firstAddress).await(1).get(0);
            assertThat(mail.messageId()).isEqualTo("<" + notificationId + "@processflow.dev>");
            JsonPath redriven = await().atMost(Duration.ofSeconds(30)).until(() -> awaitNotifications(first, 1),
                    json -> "SENT".equals(json.getString("[0].status")));
            assertThat(redriven.getString("[0].id")).isEqualTo(notificationId);
            assertThat(redriven.getInt("[0].attempts")).isEqualTo(maxAttempts + 1);
            notifications.await(TestEvents.ofType(EventType.NOTIFICATION_SENT, first.toString()));
        }
        assertThat(notifications.matching(TestEvents.ofType(EventType.NOTIFICATION_SENT, second.toString()))).isEmpty();
    }
}
