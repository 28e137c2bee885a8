package dev.processflow.order.push;

import static dev.processflow.testsupport.TestUsers.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.payment.PaymentDeclined;
import dev.processflow.order.OrderFixtures;
import dev.processflow.testsupport.KnativePush;
import dev.processflow.testsupport.PushRefusals;
import dev.processflow.testsupport.Transport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
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
}
