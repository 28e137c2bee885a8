package dev.processflow.order.push;

import static dev.processflow.testsupport.TestUsers.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.payment.PaymentDeclined;
import dev.processflow.order.OrderFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import dev.processflow.testsupport.EventingTokens;
import dev.processflow.testsupport.KnativePush;
import dev.processflow.testsupport.PushRequests;
import dev.processflow.testsupport.SpanCollector;
import dev.processflow.testsupport.PushRefusals;
import dev.processflow.testsupport.Transport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The conformance suite over HTTP push as Knative delivers it: pull consumers off, each event with the token of the
 * KafkaSource relaying its topic; and every delivery that push must refuse.
 */
@QuarkusTest
@TestProfile(KnativePush.class)
class OrderPushConformanceTest extends OrderConformance implements PushRefusals {

    private String sku;

    /** A decline for a new PENDING order: applied, it rejects the order. */
    @Override
    public CloudEvent<?> probe() {
        if (sku == null) {
            sku = OrderFixtures.newSku();
            Transport.httpBinary().deliver(product(sku, 300, 1, Instant.now()));
        }
        String id = placeOrder(sku, 1);
        return CloudEvent.create(Sources.PAYMENT_SERVICE, EventType.PAYMENT_DECLINED, id,
                new PaymentDeclined(UUID.fromString(id), "card_declined", "declined by the test"));
    }

    @Override
    public void assertNotApplied(CloudEvent<?> probe) {
        assertThat(timeline(probe.subject())).doesNotContain(EventType.PAYMENT_DECLINED.typeName());
        assertThat(asAdmin().get("/orders/" + probe.subject()).then().extract().<String>path("rejectionReason"))
                .isNotEqualTo("PAYMENT_DECLINED");
    }

    @Override
    public void assertApplied(CloudEvent<?> probe) {
        assertThat(asAdmin().get("/orders/" + probe.subject()).then().extract().<String>path("rejectionReason"))
                .isEqualTo("PAYMENT_DECLINED");
    }

    @Test
    void aPushedEventsProcessingContinuesTheTraceOfItsTraceparentAttribute() {
        CloudEvent<?> declined = probe();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String sendSpan = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        PushRequests.binary(declined).header("ce-traceparent", "00-" + traceId + "-" + sendSpan + "-01")
                .auth().oauth2(EventingTokens.relayToken(declined.topic())).post("/events").then().statusCode(204);

        assertThat(asAdmin().get("/orders/" + declined.subject()).then().extract().<List<String>>path(
                "timeline.findAll { it.type == 'processflow.payment.declined' }.traceId")).containsExactly(traceId);
        JsonNode processing = Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> SpanCollector.shared().trace(traceId).stream()
                        .filter(s -> "CONSUMER".equals(s.path("kind").asText())).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertThat(processing.path("parentId").asText()).isEqualTo(sendSpan);
        assertThat(processing.path("tags").path("processflow.transport").asText()).isEqualTo("push");
        assertThat(processing.path("tags").path("cloudevents.event_type").asText()).isEqualTo("processflow.payment.declined");
        assertThat(processing.path("tags").path("processflow.order_id").asText()).isEqualTo(declined.subject());
        assertThat(processing.path("tags").path("processflow.outcome").asText()).isEqualTo("processed");
    }
}
