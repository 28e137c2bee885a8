package dev.processflow.notification.sending;

import static dev.processflow.notification.OrderEvents.awaitNotifications;
import static dev.processflow.notification.OrderEvents.confirmed;
import static dev.processflow.notification.OrderEvents.newAddress;
import static dev.processflow.notification.OrderEvents.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.processflow.events.CloudEvent;
import dev.processflow.notification.MailInbox;
import dev.processflow.notification.OrderEvents;
import dev.processflow.testsupport.NetworkLink;
import dev.processflow.testsupport.SmtpEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The consumer sends several e-mails at once, as many as the email-senders pool allows and no more: with the mail
 * server hanging, that many attempts wait on it together; once it answers, each e-mail goes out exactly once.
 */
@QuarkusTest
@TestProfile(SmtpHanging.class)
class ConcurrentSendingTest {

    private static final int EMAILS = 8;

    @Inject
    OrderOutcomeNotifier notifier;

    @ConfigProperty(name = "smallrye.messaging.worker.email-senders.max-concurrency")
    int senders;

    @Test
    void aHangingMailServerHoldsAsManyEmailsAsThereAreSendersThenEachGoesOutOnce() {
        assertThat(senders).as("the pool sends more than one at a time, fewer than the e-mails here").isBetween(2,
                EMAILS - 1);
        List<UUID> orders = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<CloudEvent<?>> events = new ArrayList<>();
        for (int i = 0; i < EMAILS; i++) {
            UUID order = UUID.randomUUID();
            String address = newAddress("concurrent");
            orders.add(order);
            addresses.add(address);
            events.add(confirmed(order, address, "Ada Lovelace"));
        }
        try (NetworkLink smtp = NetworkLink.start(SmtpHanging.port(), SmtpEngine.smtpPort())) {
            smtp.freeze();
            publish(OrderEvents.kafka(), events.toArray(CloudEvent[]::new));

            await("e-mails waiting on the hung server").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> notifier.inHand().size() >= senders);
            AtomicInteger most = new AtomicInteger();
            await("no more e-mails in flight than senders").during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
                        int inFlight = notifier.inHand().size();
                        most.accumulateAndGet(inFlight, Math::max);
                        return inFlight <= senders;
                    });
            System.out.printf("notification-service: %d e-mails in flight at most on a hung mail server, %d senders%n",
                    most.get(), senders);

            smtp.restore();
            for (int i = 0; i < EMAILS; i++) {
                assertThat(MailInbox.of(addresses.get(i)).await(1)).as("e-mail to %s", addresses.get(i)).hasSize(1);
                assertThat(awaitNotifications(orders.get(i), 1).getString("[0].status")).isEqualTo("SENT");
            }
            await("no second e-mail").pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> {
                        for (String address : addresses) {
                            assertThat(MailInbox.of(address).messages()).as("e-mails to %s", address).hasSize(1);
                        }
                    });
        }
    }
}
