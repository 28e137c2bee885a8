package dev.processflow.payment.push;

import dev.processflow.payment.PaymentDriver;
import dev.processflow.testsupport.EventingTokens;
import dev.processflow.testsupport.KnativePush;
import dev.processflow.testsupport.PushRequests;
import dev.processflow.testsupport.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** While the cluster issuer cannot be reached no token can be checked: the sender is told to retry, nothing applies. */
@QuarkusTest
@TestProfile(PushIssuerUnavailableTest.IssuerUnreachable.class)
class PushIssuerUnavailableTest {

    public static class IssuerUnreachable extends KnativePush {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("processflow.push.issuer.url", "http://127.0.0.1:1/realms/unreachable");
            return overrides;
        }
    }

    @Test
    void aDeliveryIsAnsweredWithARetryAndChangesNothing() {
        UUID orderId = UUID.randomUUID();
        PushRequests.binary(PaymentDriver.placed(orderId, "tok_visa", 800))
                .auth().oauth2(EventingTokens.relayToken("orders"))
                .post("/events").then().statusCode(503).contentType("application/problem+json");

        TestUsers.asAdmin().get("/payments/" + orderId).then().statusCode(404);
    }
}
