package dev.processflow.payment.push;

import static dev.processflow.testsupport.TestUsers.asAdmin;

import dev.processflow.events.CloudEvent;
import dev.processflow.payment.PaymentDriver;
import dev.processflow.testsupport.KnativePush;
import dev.processflow.testsupport.PushRefusals;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.UUID;

/**
 * The conformance suite over HTTP push as Knative delivers it: pull consumer off, tokens of the orders relay; and
 * every delivery that push must refuse.
 */
@QuarkusTest
@TestProfile(KnativePush.class)
class PaymentPushConformanceTest extends PaymentConformance implements PushRefusals {

    @Override
    public CloudEvent<?> probe() {
        return PaymentDriver.placed(UUID.randomUUID(), "tok_visa", 1500);
    }

    @Override
    public void assertNotApplied(CloudEvent<?> probe) {
        asAdmin().get("/payments/" + probe.subject()).then().statusCode(404);
    }

    @Override
    public void assertApplied(CloudEvent<?> probe) {
        asAdmin().get("/payments/" + probe.subject()).then().statusCode(200);
    }
}
