package dev.processflow.notification.sending;

import static dev.processflow.notification.OrderEvents.awaitNotifications;
import static dev.processflow.notification.OrderEvents.confirmed;
import static dev.processflow.notification.OrderEvents.newAddress;
import static dev.processflow.notification.OrderEvents.processed;
import static dev.processflow.notification.OrderEvents.publish;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.order.OrderConfirmed;
import dev.processflow.notification.MailInbox;
import dev.processflow.notification.OrderEvents;
import dev.processflow.testsupport.NetworkLink;
import dev.processflow.testsupport.SmtpEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The mail server away: e-mails wait durably (RETRYING) while the consumer goes on and nothing is dead-lettered, the
 * service says it is not ready, and once the server is back each e-mail goes out exactly once, under its Message-ID,
 * announced in the trace of the order event that asked for it.
 */
@QuarkusTest
@TestProfile(SmtpOutage.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpOutageTest {

    private final KafkaCompanion kafka = OrderEvents.kafka();
    private TopicWatch deadLetters;
    private TopicWatch notifications;

    @Inject
    EntityManager entityManager;

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
    void outageParksTheEmailsThenEachGoesOutOnceWhenTheServerIsBack() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.mailer.port", Integer.class)).isEqualTo(SmtpOutage.port());
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String firstAddress = newAddress("outage");
        String secondAddress = newAddress("outage");
        CloudEvent<OrderConfirmed> firstEvent = confirmed(first, firstAddress, "Ada Lovelace");
        CloudEvent<OrderConfirmed> secondEvent = confirmed(second, secondAddress, "Grace Hopper");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        ProducerRecord<String, String> traced = TestEvents.record(firstEvent);
        traced.headers().add("ce_traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(traced).awaitCompletion();
        publish(kafka, secondEvent);

        await().atMost(Duration.ofSeconds(30)).until(() -> processed(entityManager, firstEvent.id())
                && processed(entityManager, secondEvent.id()));
        await().atMost(Duration.ofSeconds(10)).until(() -> "RETRYING".equals(status(first))
                && "RETRYING".equals(status(second)));
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.name", hasItem("mail server"));
        asAdmin().queryParam("orderId", first.toString()).get("/notifications").then().statusCode(200)
                .body("size()", equalTo(0));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> deadLetters.matching(r -> first.toString().equals(r.key())
                        || second.toString().equals(r.key())).isEmpty());
        int attemptsWhileDown = attempts(first);
        assertThat(attemptsWhileDown).isPositive();

        try (NetworkLink smtpBack = NetworkLink.start(SmtpOutage.port(), SmtpEngine.smtpPort())) {
            MailInbox.ReceivedMail mail = MailInbox.of(firstAddress).await(1).get(0);
            assertThat(MailInbox.of(secondAddress).await(1)).hasSize(1);
            JsonPath sent = await().atMost(Duration.ofSeconds(30)).until(() -> awaitNotifications(first, 1),
                    json -> "SENT".equals(json.getString("[0].status")));
            assertThat(mail.messageId()).isEqualTo("<" + sent.getString("[0].id") + "@processflow.dev>");
            assertThat(sent.getInt("[0].attempts")).isGreaterThan(attemptsWhileDown);
            ConsumerRecord<String, String> announced = notifications.await(
                    TestEvents.ofType(EventType.NOTIFICATION_SENT, first.toString()));
            assertThat(TestEvents.header(announced, "ce_traceparent")).as("sent by the retry, in the order's trace")
                    .startsWith("00-" + traceId + "-");
            notifications.await(TestEvents.ofType(EventType.NOTIFICATION_SENT, second.toString()));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    given().get("/q/health/ready").then().statusCode(200));

            publish(kafka, firstEvent);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    MailInbox.of(firstAddress).messages().size() == 1
                            && notifications.matching(TestEvents.ofType(EventType.NOTIFICATION_SENT,
                                    first.toString())).size() == 1);
        }
        assertThat(deadLetters.matching(r -> first.toString().equals(r.key()) || second.toString().equals(r.key())))
                .isEmpty();
    }

    private String status(UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "SELECT status FROM notification WHERE order_id = ?1").setParameter(1, orderId).getSingleResult());
    }

    private int attempts(UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT attempts FROM notification WHERE order_id = ?1").setParameter(1, orderId).getSingleResult()))
                .intValue();
    }
}
