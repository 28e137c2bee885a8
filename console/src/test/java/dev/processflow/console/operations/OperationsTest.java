package dev.processflow.console.operations;

import static dev.processflow.testsupport.TestUsers.OPERATOR;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.processflow.console.support.ConsoleKafka;
import dev.processflow.console.support.SseClient;
import dev.processflow.console.support.StubServices;
import dev.processflow.testsupport.IdentityEngine;
import dev.processflow.testsupport.KafkaEngine;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TestUsers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operations page's logic: each service's operator API asked with the operator's token and shown per service,
 * a service without it shown as such, a redrive sent to the service that owns the topic, and dead letters and
 * service health pushed. The services' operator API is stood in for here; its own tests cover what it does.
 */
@QuarkusTest
@QuarkusTestResource(KafkaEngine.class)
@QuarkusTestResource(IdentityEngine.class)
@QuarkusTestResource(StubServices.class)
class OperationsTest {

    private static final String LETTER = "payments.dlq:1:7";

    @TestHTTPResource("/api/")
    URI api;

    @Test
    void deadLettersAreGatheredFromTheServiceThatRedrivesThem() {
        StubServices.answer("payment", "GET", "/admin/dead-letters/topics", 200, List.of("payments.dlq"));
        StubServices.answer("payment", "GET", "/admin/dead-letters?limit=100", 200, List.of(Map.of("id", LETTER,
                "topic", "payments.dlq", "originalTopic", "payments", "reason", "unknown event type", "key", "k1")));

        asAdmin().get("/api/ops/dead-letters").then().statusCode(200)
                .body("find { it.service == 'payment-service' }.available", equalTo(true))
                .body("find { it.service == 'payment-service' }.answer", equalTo(List.of("payments.dlq")))
                .body("find { it.service == 'payment-service' }.more[0].reason", equalTo("unknown event type"))
                .body("find { it.service == 'image-service' }.available", equalTo(false))
                .body("find { it.service == 'image-service' }.status", equalTo(404));
        assertThat(StubServices.requests("payment")).contains("GET /admin/dead-letters/topics " + OPERATOR);
    }

    @Test
    void aRedriveGoesToTheNamedServiceWithTheOperatorsToken() {
        StubServices.answer("payment", "POST", "/admin/dead-letters/payments.dlq%3A1%3A7/redrive", 200,
                Map.of("id", LETTER, "topic", "payments", "partition", 1, "offset", 42));

        asAdmin().header("X-Requested-With", "JavaScript")
                .post("/api/ops/dead-letters/payment-service/" + LETTER + "/redrive").then().statusCode(200)
                .body("offset", equalTo(42));
        assertThat(StubServices.requests("payment"))
                .contains("POST /admin/dead-letters/payments.dlq%3A1%3A7/redrive " + OPERATOR);
        asAdmin().header("X-Requested-With", "JavaScript").post("/api/ops/dead-letters/no-such-service/x/redrive")
                .then().statusCode(404);
    }

    @Test
    void theOutboxBacklogAndQuarantineOfEachService() {
        StubServices.answer("order", "GET", "/admin/outbox", 200, Map.of("waiting", 3, "quarantined", 1));
        StubServices.answer("order", "GET", "/admin/outbox/quarantine?limit=100", 200, List.of(Map.of(
                "eventId", "6f1c0e4e-8a4b-4b8e-9f4e-3c2b1a0d9e8f", "type", "processflow.order.placed",
                "reason", "RecordTooLargeException")));
        StubServices.answer("order", "POST", "/admin/outbox/quarantine/6f1c0e4e-8a4b-4b8e-9f4e-3c2b1a0d9e8f/republish", 202, null);

        asAdmin().get("/api/ops/outbox").then().statusCode(200)
                .body("find { it.service == 'order-service' }.answer.waiting", equalTo(3))
                .body("find { it.service == 'order-service' }.more[0].reason", equalTo("RecordTooLargeException"));
        asAdmin().header("X-Requested-With", "JavaScript")
                .post("/api/ops/outbox/order-service/6f1c0e4e-8a4b-4b8e-9f4e-3c2b1a0d9e8f/republish").then().statusCode(202);
    }

    @Test
    void healthAndNewDeadLettersArePushed() throws Exception {
        ConsoleKafka.ready();
        StubServices.answer("inventory", "GET", "/q/health/ready", 200, Map.of("status", "UP", "checks", List.of()));
        try (SseClient admin = new SseClient(api.resolve("ops/stream"), TestUsers.admin())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                SseClient.Event health = admin.next("health", Duration.ofSeconds(20));
                return health.data().path("services").toString().contains("\"service\":\"inventory-service\",\"up\":true");
            });
            ConsoleKafka.publish(TestEvents.raw("orders.dlq", "k2", "{not json", "dead-letter-reason", "not JSON",
                    "dead-letter-topic", "orders"));
            SseClient.Event letter = admin.next("dead-letter", Duration.ofSeconds(20));
            assertThat(letter.data().path("topic").asText()).isEqualTo("orders.dlq");
            assertThat(letter.data().path("reason").asText()).isEqualTo("not JSON");
            assertThat(letter.data().path("originalTopic").asText()).isEqualTo("orders");
            assertThat(letter.data().path("id").asText()).startsWith("orders.dlq:");
        }
    }

    @Test
    void aCustomersStreamOfOperationsIsRefused() throws Exception {
        try (SseClient ada = new SseClient(api.resolve("ops/stream"), TestUsers.ada())) {
            assertThat(ada.status()).isEqualTo(403);
        }
    }
}
