package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One trace per order across real processes, read back from the stack's Zipkin: from {@code POST /orders} through
 * every service's processing to the last {@code notification.sent}, each event's processing a child of its send in
 * another process, and an image upload's trace from the request through its resizing.
 */
@ExtendWith(RunningStack.class)
class TracingSystemTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    @Test
    void everyOrderIsOneTraceThroughEveryServiceWithItsParentsIntact(RunningStack.Handle stack) {
        Shop shop = stack.shop();
        shop.putProduct("SYS-TRACE", 990, 50);
        List<String> orders = new ArrayList<>();
        for (String token : List.of("tok_visa", "tok_mastercard", "tok_chargeDeclined")) {
            orders.add(shop.placeOrder("trace-" + token, "ada", "SYS-TRACE", 1, token, Duration.ofSeconds(60))
                    .orElseThrow(() -> new AssertionError("order with " + token + " was not accepted")));
        }
        String zipkin = stack.stack().layout().zipkinApi();
        Set<String> traceIds = new HashSet<>();
        for (String id : orders) {
            JsonNode order = Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(250))
                    .until(() -> shop.order(id), o -> !"PENDING".equals(o.get("status").asText()));
            String traceId = order.path("traceId").asText();
            assertThat(traceId).as("order %s", id).matches("[0-9a-f]{32}");
            order.get("timeline").forEach(step -> assertThat(step.path("traceId").asText())
                    .as("%s of order %s", step.path("type").asText(), id).isEqualTo(traceId));
            traceIds.add(traceId);
            boolean rejected = "REJECTED".equals(order.get("status").asText());

            Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1))
                    .until(() -> trace(shop, zipkin, traceId), found -> processed(found, "order-service",
                            "processflow.notification.sent") && services(found).containsAll(List.of("order-service",
                            "payment-service", "inventory-service", "notification-service")));
            // Each service exports its spans in batches as they end, so a parent that ends after the work it caused
            // (a consumer span after the send it led to) may reach Zipkin seconds after its children.
            Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertParentsIntact(trace(shop, zipkin, traceId), "order " + id));
            List<JsonNode> spans = trace(shop, zipkin, traceId);
            JsonNode root = roots(spans).get(0);
            assertThat(root.path("localEndpoint").path("serviceName").asText()).isEqualTo("order-service");
            assertThat(root.path("kind").asText()).isEqualTo("SERVER");
            assertThat(root.path("tags").path("http.route").asText()).isEqualTo("/orders");
            for (String[] hop : new String[][] {{"payment-service", "processflow.order.placed"},
                    {"inventory-service", "processflow.order.placed"},
                    {"order-service", "processflow.payment." + (rejected ? "declined" : "authorized")},
                    {"notification-service", "processflow.order." + order.get("status").asText().toLowerCase()},
                    {"order-service", "processflow.notification.sent"}}) {
                assertProcessedAcrossTheBroker(spans, hop[0], hop[1], id);
            }
            for (String service : List.of("order-service", "payment-service", "inventory-service",
                    "notification-service")) {
                assertThat(spans.stream().filter(s -> isStatement(s, service)))
                        .as("%s's database spans in the trace of order %s", service, id).isNotEmpty();
            }
            assertThat(spans.stream().filter(TracingSystemTest::isProviderCall))
                    .as("payment-service's calls to the provider in the trace of order %s", id).isNotEmpty();
        }
        assertThat(traceIds).as("one trace per order").hasSize(orders.size());
    }

    @Test
    void anImageUploadIsOneTraceFromTheRequestThroughItsResizing(RunningStack.Handle stack) throws IOException {
        String base = stack.stack().layout().service("image-service").url();
        Http.Reply upload = stack.shop().http().postMultipart(base + "/images", "file", "trace.jpg", photo(),
                stack.shop().token("grace"));
        assertThat(upload.status()).as(upload.raw()).isEqualTo(202);
        String id = upload.body().get("id").asText();
        String query = stack.stack().layout().zipkinApi() + "/traces?serviceName=image-service&annotationQuery="
                + URLEncoder.encode("processflow.image_id=" + id, StandardCharsets.UTF_8);

        List<JsonNode> spans = Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    JsonNode traces = stack.shop().getOk(query);
                    return traces.size() == 1 ? list(traces.get(0)) : List.<JsonNode>of();
                }, found -> processed(found, "image-service", "processflow.image.uploaded"));
        assertParentsIntact(spans, "image " + id);
        JsonNode root = roots(spans).get(0);
        assertThat(root.path("kind").asText()).isEqualTo("SERVER");
        assertThat(root.path("tags").path("http.route").asText()).isEqualTo("/images");
        assertProcessedAcrossTheBroker(spans, "image-service", "processflow.image.uploaded", id);
    }

    /** The service processed the event in a consumer span whose parent is the event's send, in the same trace. */
    private static void assertProcessedAcrossTheBroker(List<JsonNode> spans, String service, String type, String subject) {
        Map<String, JsonNode> byId = spans.stream().collect(Collectors.toMap(s -> s.path("id").asText(),
                Function.identity(), (a, b) -> a));
        List<JsonNode> processing = spans.stream().filter(s -> isProcessing(s, service, type)).toList();
        assertThat(processing).as("%s processing %s", service, type).isNotEmpty();
        for (JsonNode span : processing) {
            JsonNode send = byId.get(span.path("parentId").asText());
            assertThat(send).as("the send of %s processed by %s", type, service).isNotNull();
            assertThat(send.path("kind").asText()).isEqualTo("PRODUCER");
            assertThat(send.path("tags").path("cloudevents.event_type").asText()).isEqualTo(type);
            assertThat(span.path("tags").path("cloudevents.event_subject").asText()).isEqualTo(subject);
            assertThat(span.path("tags").path("processflow.outcome").asText()).isEqualTo("processed");
        }
    }

    /** Exactly one root, and every other span's parent is in the trace: nothing was cut off at a hop. */
    private static void assertParentsIntact(List<JsonNode> spans, String what) {
        Set<String> ids = spans.stream().map(s -> s.path("id").asText()).collect(Collectors.toSet());
        assertThat(roots(spans)).as("roots of the trace of %s", what).hasSize(1);
        assertThat(spans.stream().filter(s -> s.hasNonNull("parentId"))
                .filter(s -> !ids.contains(s.path("parentId").asText()))
                .map(s -> s.path("localEndpoint").path("serviceName").asText() + " " + s.path("name").asText())
                .toList()).as("spans of %s whose parent is missing", what).isEmpty();
    }

    private static List<JsonNode> roots(List<JsonNode> spans) {
        return spans.stream().filter(s -> !s.hasNonNull("parentId")).toList();
    }

    private static boolean processed(List<JsonNode> spans, String service, String type) {
        return spans.stream().anyMatch(s -> isProcessing(s, service, type));
    }

    private static boolean isProcessing(JsonNode span, String service, String type) {
        return "CONSUMER".equals(span.path("kind").asText())
                && service.equals(span.path("localEndpoint").path("serviceName").asText())
                && type.equals(span.path("tags").path("cloudevents.event_type").asText());
    }

    /** A PostgreSQL statement the service ran, a child span in the trace (the JDBC instrumentation's). */
    private static boolean isStatement(JsonNode span, String service) {
        JsonNode tags = span.path("tags");
        return "CLIENT".equals(span.path("kind").asText())
                && service.equals(span.path("localEndpoint").path("serviceName").asText())
                && span.hasNonNull("parentId")
                && ("postgresql".equals(tags.path("db.system").asText())
                        || "postgresql".equals(tags.path("db.system.name").asText()));
    }

    /** payment-service's HTTP call to the payment provider, a child span in the trace. */
    private static boolean isProviderCall(JsonNode span) {
        JsonNode tags = span.path("tags");
        return "CLIENT".equals(span.path("kind").asText())
                && "payment-service".equals(span.path("localEndpoint").path("serviceName").asText())
                && span.hasNonNull("parentId")
                && ("POST".equals(tags.path("http.request.method").asText())
                        || "POST".equals(tags.path("http.method").asText()));
    }

    private static Set<String> services(List<JsonNode> spans) {
        return spans.stream().map(s -> s.path("localEndpoint").path("serviceName").asText()).collect(Collectors.toSet());
    }

    private static List<JsonNode> trace(Shop shop, String zipkin, String traceId) {
        try {
            Http.Reply reply = shop.http().get(zipkin + "/trace/" + traceId);
            return reply.status() == 200 ? list(reply.body()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> spans = new ArrayList<>();
        array.forEach(spans::add);
        return spans;
    }

    private static byte[] photo() throws IOException {
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, Color.GREEN, 800, 600, Color.MAGENTA));
        g.fillRect(0, 0, 800, 600);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
