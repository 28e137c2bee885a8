package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.stack.KafkaCredentials;
import dev.processflow.stack.Launcher;
import dev.processflow.stack.Stack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator redrives a dead letter with {@code ./processflow dlq}: a valid event dead-lettered on purpose is listed,
 * shown, redriven and applied once; redriven again, it changes nothing.
 */
@ExtendWith(RunningStack.class)
class DeadLetterSystemTest {

    @Test
    void aRedrivenDeadLetterIsAppliedOnceAndASecondRedriveChangesNothing(RunningStack.Handle stack) throws Exception {
        Shop shop = stack.shop();
        shop.putProduct("SYS-DLQ", 900, 5);
        String orderId = shop.placeOrder("dlq-1", "ada", "SYS-DLQ", 1, "tok_visa", Duration.ofMinutes(1))
                .orElseThrow();
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> shop.order(orderId).get("timeline").size() >= 7
                && !"PENDING".equals(shop.order(orderId).get("status").asText()));
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30))
                .until(() -> timeline(shop, orderId).size(), size -> size == timeline(shop, orderId).size());
        int before = timeline(shop, orderId).size();

        String eventId = UUID.randomUUID().toString();
        deadLetter(stack, orderId, eventId);
        String id = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> idOf(stack, orderId),
                found -> found != null);
        Result shown = launch(stack, "dlq", "show", id);
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.output()).contains("\"originalTopic\" : \"notifications\"").contains(eventId);

        assertThat(launch(stack, "dlq", "redrive", "--id", id).exitCode()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> timeline(shop, orderId).size() == before + 1);
        assertThat(timeline(shop, orderId)).filteredOn(step -> step.contains("processflow.notification.sent")).hasSize(2);

        assertThat(launch(stack, "dlq", "redrive", "--topic", "notifications", "--all").exitCode()).isZero();
        Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> timeline(shop, orderId).size() == before + 1);
    }

    /**
     * A valid notification.sent for the order, as if order-service's consumer had dead-lettered it; written as the
     * stack's super user, since no service writes another's dead letters.
     */
    private static void deadLetter(RunningStack.Handle stack, String orderId, String eventId) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>("notifications.dlq", orderId, """
                {"orderId": "%s", "notificationId": "%s", "kind": "CONFIRMATION", "to": "ada@example.com"}"""
                .formatted(orderId, UUID.randomUUID()));
        Map.of("ce_specversion", "1.0", "ce_id", eventId, "ce_source", "/processflow/notification-service",
                "ce_type", "processflow.notification.sent", "ce_subject", orderId, "ce_time", Instant.now().toString(),
                "content-type", "application/json", "dead-letter-reason", "dead-lettered on purpose",
                "dead-letter-topic", "notifications")
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(stack.kafkaClient(KafkaCredentials.ADMIN),
                new StringSerializer(), new StringSerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static String idOf(RunningStack.Handle stack, String orderId) throws Exception {
        Result listed = launch(stack, "dlq", "list", "notifications");
        return listed.output().lines().map(line -> line.trim().split("\\s+"))
                .filter(columns -> columns.length >= 3 && columns[2].equals(orderId))
                .map(columns -> columns[0]).findFirst().orElse(null);
    }

    private static List<String> timeline(Shop shop, String orderId) {
        List<String> steps = new ArrayList<>();
        for (JsonNode step : shop.order(orderId).get("timeline")) {
            steps.add(step.get("type").asText() + " " + step.get("at").asText());
        }
        return steps;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result launch(RunningStack.Handle stack, String... args) throws Exception {
        Path repository = stack.stack().layout().repository();
        Path dataDir = stack.dataDir();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", Stack.runnerClasspath(repository),
                Launcher.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", dataDir.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("processflow " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }
}
