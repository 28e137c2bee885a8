package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.stack.KafkaAccess;
import dev.processflow.stack.KafkaCredentials;
import dev.processflow.stack.Stack;
import dev.processflow.stack.StackLayout;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dependencies away for longer than any retry budget, under 20 orders/s: afterwards every purchase invariant holds
 * (every order decided, captured exactly once if confirmed and voided or declined otherwise, one authorization per
 * order at the provider, stock exact, exactly one e-mail per order) and nothing was dead-lettered. Each outage runs
 * once: the payment provider and the mail server, which different services call, share one window; the broker, which
 * every service needs, has its own. Orders arrive in two bursts, one as the dependency goes away and one as it returns.
 */
@ExtendWith(RunningStack.class)
class LongOutageSystemTest {

    private static final Duration OUTAGE = Duration.ofMinutes(3);
    private static final int RATE = 20;
    private static final int BURST = 300;
    /** The second burst starts this long before the dependency returns, so it returns under load. */
    private static final Duration RETURN_UNDER_LOAD = Duration.ofSeconds(10);
    /** Beyond payment-service's read timeout (5 s): each call is applied, but its caller cannot tell. */
    private static final Duration HANG = Duration.ofSeconds(8);
    private static final Duration SLOW = Duration.ofSeconds(20);
    private static final Duration TERMINAL_WITHIN = RunningStack.SAGA_TIMEOUT.plusSeconds(60);
    /** Waits longer than required, so a miss says by how much. */
    private static final Duration SETTLED_WITHIN = Duration.ofMinutes(4);
    /** The last parked retry comes at most one backoff cap after the return; the rest is headroom for a busy machine. */
    private static final Duration SETTLED_AFTER_RETURN = Duration.ofMinutes(2);
    private static final String OUTBOX_OWNER = "inventory-service";

    /**
     * The provider answers too late for a while (it applies each request, payment-service's read timeout expires and
     * the outcome is in doubt), then is unreachable for three minutes; the mail server is down from before the first
     * order until the provider is back. In-doubt authorizations are asked again under the same key, captures and
     * voids wait parked, no e-mail is sent or failed meanwhile, and once both return each outcome gets exactly one.
     */
    @Test
    void paymentProviderSlowThenUnreachableAndMailServerDownThreeMinutesUnderLoad(RunningStack.Handle stack) {
        Shop shop = stack.shop();
        DeadLetters before = DeadLetters.count(stack);
        PurchaseRun run = new PurchaseRun(shop, "provider-mail", 10, 50);
        stack.stack().stop(Stack.MAIL);
        Instant back = twoBurstsAround(run, "the payment provider", () -> {
            shop.providerFaults("{\"hangMs\": " + HANG.toMillis() + "}");
            Shop.sleep(SLOW);
            stack.stack().stop(Stack.PAYMENT_PROVIDER);
        }, () -> {
            assertThat(run.placed()).as("no e-mail is SENT or FAILED while the mail server is down")
                    .allMatch(order -> shop.notifications(order.id()).isEmpty());
            stack.stack().restart(Stack.PAYMENT_PROVIDER);
            stack.stack().restart(Stack.MAIL);
        });

        PurchaseRun.Summary summary = run.assertInvariants(TERMINAL_WITHIN, SETTLED_WITHIN);
        Duration settled = report("provider-mail-outage", summary, back);
        assertThat(summary.accepted()).isEqualTo(2 * BURST);
        assertThat(summary.confirmed()).as("orders confirmed around the outage").isPositive();
        assertThat(DeadLetters.count(stack)).as("dead letters").isEqualTo(before);
        assertThat(repeatedKeys(shop, run)).as("authorizations asked again under their key after a read timeout")
                .isPositive();
        assertThat(settled).as("payments and e-mails consistent after the provider and the mail server returned")
                .isLessThanOrEqualTo(SETTLED_AFTER_RETURN);
    }

    /**
     * The broker is killed for three minutes: orders are still taken and decided by their deadline meanwhile, their
     * events wait in the outboxes, and once it is back each is delivered and applied once.
     */
    @Test
    void brokerDownThreeMinutesUnderLoadLosesAndDuplicatesNothing(RunningStack.Handle stack) {
        Shop shop = stack.shop();
        DeadLetters before = DeadLetters.count(stack);
        PurchaseRun run = new PurchaseRun(shop, "kafka-outage", 10, 50);
        Instant back = twoBurstsAround(run, "the broker", () -> stack.stack().kill(Stack.KAFKA),
                () -> stack.stack().restart(Stack.KAFKA));

        PurchaseRun.Summary summary = run.assertInvariants(TERMINAL_WITHIN, SETTLED_WITHIN);
        Duration settled = report("kafka-outage", summary, back);
        assertThat(summary.accepted()).isEqualTo(2 * BURST);
        assertThat(DeadLetters.count(stack)).as("dead letters").isEqualTo(before);
        assertThat(settled).as("every order's payment, stock and e-mail consistent after the broker returned")
                .isLessThanOrEqualTo(SETTLED_AFTER_RETURN);
    }

    /**
     * An outbox row for a topic nobody created (the service may write it, the deployment forgot to create it) is
     * quarantined with the reason while the events behind it still leave; once the topic exists, an operator
     * re-publishes it and it is published once.
     */
    @Test
    void anUnsendableOutboxRowIsQuarantinedTheStreamGoesOnAndOnceFixedItIsPublishedOnce(RunningStack.Handle stack)
            throws Exception {
        Shop shop = stack.shop();
        String topic = "inventory-restocks-" + UUID.randomUUID().toString().substring(0, 8);
        String eventId = UUID.randomUUID().toString();
        try (Admin admin = Admin.create(stack.kafkaClient(KafkaCredentials.ADMIN))) {
            admin.createAcls(List.of(new KafkaAccess.Grant(OUTBOX_OWNER, AclOperation.WRITE, ResourceType.TOPIC, topic)
                    .binding())).all().get(30, TimeUnit.SECONDS);
            waitingInOutbox(stack.stack().layout(), eventId, topic);
            PurchaseRun run = new PurchaseRun(shop, "quarantine", 4, 50);
            run.start(100, 10).join();

            JsonNode entry = Awaitility.await("the row quarantined").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> shop.quarantined(OUTBOX_OWNER, eventId),
                            found -> found.isPresent()).orElseThrow();
            assertThat(entry.get("topic").asText()).isEqualTo(topic);
            assertThat(entry.get("reason").asText()).isEqualTo("topic " + topic + " does not exist");
            PurchaseRun.Summary summary = run.assertInvariants(TERMINAL_WITHIN);
            assertThat(summary.accepted()).as("orders whose inventory events queued behind the row").isEqualTo(100);

            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            shop.republish(OUTBOX_OWNER, eventId);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    stack.kafkaClient(KafkaCredentials.ADMIN), new StringDeserializer(), new StringDeserializer())) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
                List<String> published = new ArrayList<>();
                Awaitility.await("the re-published row on its topic").atMost(Duration.ofMinutes(1))
                        .until(() -> poll(consumer, published), ids -> !ids.isEmpty());
                Awaitility.await("no second copy").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                        .until(() -> poll(consumer, published), ids -> ids.size() == 1);
                assertThat(published).containsExactly(eventId);
            }
            assertThat(shop.quarantined(OUTBOX_OWNER, eventId)).as("the row left the quarantine").isEmpty();
        }
    }

    /** An inventory.released event of an unknown order for {@code topic}, inserted as the service's outbox holds it. */
    private static void waitingInOutbox(StackLayout layout, String eventId, String topic) throws Exception {
        String orderId = UUID.randomUUID().toString();
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + layout.postgresPort()
                + "/" + layout.service(OUTBOX_OWNER).database(), "processflow", "processflow");
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO outbox_event (event_id, topic, event_key, type, source, subject, event_time, payload)
                        VALUES (?, ?, ?, 'processflow.inventory.released', '/processflow/inventory-service', ?, ?, ?)""")) {
            insert.setObject(1, UUID.fromString(eventId));
            insert.setString(2, topic);
            insert.setString(3, orderId);
            insert.setString(4, orderId);
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.setString(6, "{\"orderId\": \"" + orderId + "\", \"lines\": [{\"sku\": \"SYS-RESTOCK\", \"quantity\": 1}]}");
            insert.executeUpdate();
        }
    }

    /** Adds the CloudEvent ids of the records polled now to {@code ids}, and returns them. */
    private static List<String> poll(KafkaConsumer<String, String> consumer, List<String> ids) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            ids.add(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
        }
        return ids;
    }

    /** How many of the run's authorizations the provider was asked for more than once under the same key. */
    private static long repeatedKeys(Shop shop, PurchaseRun run) {
        Set<String> orders = run.placed().stream().map(PurchaseRun.Placed::id).collect(Collectors.toSet());
        long repeated = 0;
        for (Map.Entry<String, List<JsonNode>> held : shop.ledger().entrySet()) {
            if (!orders.contains(held.getKey())) {
                continue;
            }
            for (JsonNode authorization : held.getValue()) {
                for (JsonNode key : authorization.get("idempotencyKeys")) {
                    if (key.get("operation").asText().equals("authorize") && key.get("requests").asInt() > 1) {
                        repeated++;
                    }
                }
            }
        }
        return repeated;
    }

    /**
     * A burst of orders as {@code takeAway} ends with the dependency gone, and another while it is still away, so it
     * comes back under load: {@code bringBack} runs {@link #OUTAGE} after it went. Returns when it was back.
     */
    private static Instant twoBurstsAround(PurchaseRun run, String dependency, Runnable takeAway, Runnable bringBack) {
        CompletableFuture<Void> first = run.start(BURST, RATE);
        Shop.sleep(Duration.ofSeconds(4));
        takeAway.run();
        Instant down = Instant.now();
        first.join();
        sleepUntil(down.plus(OUTAGE).minus(RETURN_UNDER_LOAD));
        CompletableFuture<Void> second = run.start(BURST, RATE);
        sleepUntil(down.plus(OUTAGE));
        bringBack.run();
        Instant back = Instant.now();
        System.out.printf("system-tests: %s back after %d s away%n", dependency, Duration.between(down, back).toSeconds());
        second.join();
        return back;
    }

    private static Duration report(String name, PurchaseRun.Summary summary, Instant back) {
        Duration settled = Duration.between(back, summary.settledAt());
        System.out.printf("system-tests: %s: %d accepted, %d confirmed, rejected %s, consistent %d s after the "
                + "return%n", name, summary.accepted(), summary.confirmed(), summary.rejectedByReason(),
                settled.toSeconds());
        return settled;
    }

    private static void sleepUntil(Instant moment) {
        Duration left = Duration.between(Instant.now(), moment);
        if (!left.isNegative()) {
            Shop.sleep(left);
        }
    }
}
