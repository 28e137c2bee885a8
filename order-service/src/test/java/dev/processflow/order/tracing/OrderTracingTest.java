package dev.processflow.order.tracing;

import static dev.processflow.order.OrderFixtures.order;
import static dev.processflow.order.OrderFixtures.shopper;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.inventory.InventoryReserved;
import dev.processflow.events.inventory.StockLine;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.order.OrderFixtures;
import dev.processflow.testsupport.SpanCollector;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.TopicWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An order's trace across the broker: the placing request's context is kept with the order and its outbox row, sent
 * as the CloudEvents distributed-tracing extension, and every consumed event's processing continues the trace the
 * event came with; the spans reach a Zipkin-compatible collector with their parents.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderTracingTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KafkaCompanion kafka = OrderFixtures.kafka();
    private final String sku = OrderFixtures.newSku();
    private final SpanCollector collector = SpanCollector.shared();
    private TopicWatch watch;
    private boolean published;

    @BeforeAll
    void watch() {
        watch = TopicWatch.of(kafka, "orders");
    }

    @BeforeEach
    void catalog() {
        if (!published) {
            OrderFixtures.publishProducts(kafka, 1000, sku);
            published = true;
        }
    }

    @AfterAll
    void close() {
        watch.close();
    }

    @Test
    void placementStartsTheOrdersTraceAndItsEventCarriesIt() {
        String traceId = hex(16);
        String callerSpan = hex(8);
        String id = place("00-" + traceId + "-" + callerSpan + "-01");

        JsonPath view = asAdmin().get("/orders/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("traceId")).isEqualTo(traceId);
        assertThat(view.getString("timeline[0].type")).isEqualTo("processflow.order.placed");
        assertThat(view.getString("timeline[0].traceId")).isEqualTo(traceId);

        ConsumerRecord<String, String> placed = watch.await(TestEvents.ofType(EventType.ORDER_PLACED, id));
        String sent = TestEvents.header(placed, "ce_traceparent");
        assertThat(sent).startsWith("00-" + traceId + "-").endsWith("-01").doesNotContain(callerSpan);
        assertThat(TestEvents.header(placed, "traceparent")).isEqualTo(sent);
        String sendSpan = sent.split("-")[2];

        List<JsonNode> spans = awaitSpans(traceId, s -> "PRODUCER".equals(s.path("kind").asText()));
        JsonNode server = only(spans, s -> "SERVER".equals(s.path("kind").asText()));
        assertThat(server.path("parentId").asText()).isEqualTo(callerSpan);
        assertThat(server.path("localEndpoint").path("serviceName").asText()).isEqualTo("order-service");
        JsonNode send = only(spans, s -> sendSpan.equals(s.path("id").asText()));
        assertThat(send.path("kind").asText()).isEqualTo("PRODUCER");
        assertThat(send.path("parentId").asText()).isEqualTo(server.path("id").asText());
        assertThat(send.path("tags").path("cloudevents.event_type").asText()).isEqualTo("processflow.order.placed");
        assertThat(send.path("tags").path("processflow.order_id").asText()).isEqualTo(id);
    }

    @Test
    void eachConsumedEventsProcessingContinuesTheTraceItCameWith() {
        String id = place("00-" + hex(16) + "-" + hex(8) + "-01");
        String reservedTrace = hex(16);
        String reservedSpan = hex(8);
        send(CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.INVENTORY_RESERVED, id,
                new InventoryReserved(UUID.fromString(id), List.of(new StockLine(sku, 1)))),
                "00-" + reservedTrace + "-" + reservedSpan + "-01");
        String authorizedTrace = hex(16);
        String authorizedSpan = hex(8);
        send(CloudEvent.create(Sources.PAYMENT_SERVICE, EventType.PAYMENT_AUTHORIZED, id,
                new PaymentAuthorized(UUID.fromString(id), UUID.randomUUID(), Money.of(1000, "EUR"), "visa", "4242")),
                "00-" + authorizedTrace + "-" + authorizedSpan + "-01");

        ConsumerRecord<String, String> confirmed = watch.await(TestEvents.ofType(EventType.ORDER_CONFIRMED, id));
        Map<String, String> stepTraces = await().atMost(Duration.ofSeconds(20)).until(() -> stepTraces(id),
                steps -> steps.containsKey("processflow.order.confirmed"));
        assertThat(stepTraces).containsEntry("processflow.inventory.reserved", reservedTrace)
                .containsEntry("processflow.payment.authorized", authorizedTrace);
        String decidedIn = stepTraces.get("processflow.order.confirmed");
        assertThat(decidedIn).isIn(reservedTrace, authorizedTrace);
        assertThat(TestEvents.header(confirmed, "ce_traceparent")).startsWith("00-" + decidedIn + "-");

        for (String[] sent : new String[][] {{reservedTrace, reservedSpan, "processflow.inventory.reserved"},
                {authorizedTrace, authorizedSpan, "processflow.payment.authorized"}}) {
            JsonNode processing = only(awaitSpans(sent[0], s -> "CONSUMER".equals(s.path("kind").asText())),
                    s -> "CONSUMER".equals(s.path("kind").asText()));
            assertThat(processing.path("parentId").asText()).as(sent[2]).isEqualTo(sent[1]);
            assertThat(processing.path("tags").path("cloudevents.event_type").asText()).isEqualTo(sent[2]);
            assertThat(processing.path("tags").path("processflow.order_id").asText()).isEqualTo(id);
            assertThat(processing.path("tags").path("processflow.outcome").asText()).isEqualTo("processed");
        }
        List<JsonNode> decision = awaitSpans(decidedIn, s -> "PRODUCER".equals(s.path("kind").asText()));
        JsonNode send = only(decision, s -> "PRODUCER".equals(s.path("kind").asText()));
        assertThat(send.path("tags").path("cloudevents.event_type").asText()).isEqualTo("processflow.order.confirmed");
        JsonNode consumer = only(decision, s -> "CONSUMER".equals(s.path("kind").asText()));
        assertThat(send.path("parentId").asText()).isEqualTo(consumer.path("id").asText());
        assertThat(consumer.path("tags").path("processflow.order.status").asText()).isEqualTo("CONFIRMED");
    }

    private String place(String traceparent) {
        return shopper("tracing@example.com").header("traceparent", traceparent).contentType(ContentType.JSON)
                .body(order(sku, 1, "tok_visa")).post("/orders").then().statusCode(202).extract().path("id");
    }

    private void send(CloudEvent<?> event, String traceparent) {
        ProducerRecord<String, String> record = TestEvents.record(event);
        record.headers().add("ce_traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(record).awaitCompletion();
    }

    private static Map<String, String> stepTraces(String id) {
        JsonPath view = asAdmin().get("/orders/" + id).then().statusCode(200).extract().jsonPath();
        Map<String, String> traces = new java.util.HashMap<>();
        List<Map<String, String>> steps = view.getList("timeline");
        steps.forEach(step -> traces.put(step.get("type"), step.get("traceId")));
        return traces;
    }

    private List<JsonNode> awaitSpans(String traceId, java.util.function.Predicate<JsonNode> present) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> collector.trace(traceId), spans -> spans.stream().anyMatch(present));
    }

    private static JsonNode only(List<JsonNode> spans, java.util.function.Predicate<JsonNode> which) {
        List<JsonNode> matching = spans.stream().filter(which).toList();
        assertThat(matching).as("spans %s", spans).hasSize(1);
        return matching.get(0);
    }

    private static String hex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
