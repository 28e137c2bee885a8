package dev.processflow.order.push;

import static dev.processflow.order.OrderFixtures.order;
import static dev.processflow.order.OrderFixtures.shopper;
import static dev.processflow.testsupport.PushRequests.tick;
import static dev.processflow.testsupport.TestUsers.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Money;
import dev.processflow.events.Sources;
import dev.processflow.events.catalog.ProductUpserted;
import dev.processflow.events.payment.PaymentAuthorized;
import dev.processflow.order.OrderFixtures;
import dev.processflow.testsupport.EventingTokens;
import dev.processflow.testsupport.KnativePush;
import dev.processflow.testsupport.TestEvents;
import dev.processflow.testsupport.Transport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Under the knative profile nothing is pulled from Kafka, and saga timeouts fire from the ticks of order-service's
 * own PingSource, and from nobody else.
 */
@QuarkusTest
@TestProfile(KnativeProfileTest.Knative.class)
class KnativeProfileTest {

    public static class Knative extends KnativePush {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("processflow.saga.sweep-interval", "off");
            overrides.put("processflow.saga.timeout", "1s");
            return overrides;
        }
    }

    @Test
    void pullConsumersAreOffAndOnlyItsOwnPingSourceTimesOrdersOut() {
        String sku = OrderFixtures.newSku();
        Transport.httpBinary().deliver(CloudEvent.create(Sources.INVENTORY_SERVICE, EventType.CATALOG_PRODUCT_UPSERTED,
                sku, new ProductUpserted(sku, "Sleepy mug", Money.of(500, "EUR"), 3, 1)));
        String id = shopper("k@example.com").contentType(ContentType.JSON).body(order(sku, 1, "tok_visa"))
                .post("/orders").then().statusCode(202).extract().path("id");

        OrderFixtures.kafka().produceStrings().fromRecords(TestEvents.record(CloudEvent.create(Sources.PAYMENT_SERVICE,
                EventType.PAYMENT_AUTHORIZED, id, new PaymentAuthorized(UUID.fromString(id), UUID.randomUUID(),
                        Money.of(500, "EUR"), "visa", "4242")))).awaitCompletion();
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> timeline = asAdmin().get("/orders/" + id).then().extract().path("timeline.type");
            assertThat(timeline).containsExactly("processflow.order.placed");
            assertThat(asAdmin().get("/orders/" + id).then().extract().<String>path("status")).isEqualTo("PENDING");
        });

        String pingSource = EventingTokens.pingSource();
        tick(pingSource).post("/events").then().statusCode(401);
        tick(pingSource).auth().oauth2(EventingTokens.relayToken("payments")).post("/events").then().statusCode(403);
        tick(pingSource.replaceFirst("/namespaces/[^/]+/", "/namespaces/elsewhere/"))
                .auth().oauth2(EventingTokens.token(EventingTokens.pingSender()).sign())
                .post("/events").then().statusCode(403);
        assertThat(asAdmin().get("/orders/" + id).then().extract().<String>path("status")).isEqualTo("PENDING");

        tick(pingSource).auth().oauth2(EventingTokens.token(EventingTokens.pingSender()).sign())
                .post("/events").then().statusCode(204);

        asAdmin().get("/orders/" + id).then().statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("rejectionReason", equalTo("TIMEOUT"));
    }
}
