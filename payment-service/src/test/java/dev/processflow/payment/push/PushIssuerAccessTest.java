package dev.processflow.payment.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.payment.PaymentDriver;
import dev.processflow.testsupport.EventingTokens;
import dev.processflow.testsupport.GuardedIssuer;
import dev.processflow.testsupport.KnativePush;
import dev.processflow.testsupport.TestUsers;
import dev.processflow.testsupport.Transport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The cluster issuer serves its discovery document and keys to service accounts only: the eventing tenant fetches
 * them with the pod's own token, read from the configured file.
 */
@QuarkusTest
@TestProfile(PushIssuerAccessTest.IssuerBehindAuthentication.class)
class PushIssuerAccessTest {

    public static class IssuerBehindAuthentication extends KnativePush {
        @Override
        public Map<String, String> getConfigOverrides() {
            String podToken = "pod-token-" + UUID.randomUUID();
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("processflow.push.issuer.url", GuardedIssuer.of(EventingTokens.issuer(), podToken).url());
            overrides.put("processflow.push.issuer.token-file", tokenFile(podToken));
            return overrides;
        }

        private static String tokenFile(String token) {
            try {
                Path file = Files.createTempFile("pod-token", "");
                file.toFile().deleteOnExit();
                return Files.writeString(file, token + "\n").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void theEventingTenantPresentsThePodsTokenToTheIssuer() throws IOException, InterruptedException {
        String issuer = ConfigProvider.getConfig().getValue("processflow.push.issuer.url", String.class);
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(issuer + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("the issuer refuses callers without a token").isEqualTo(401);

        UUID orderId = UUID.randomUUID();
        Transport.httpBinary().deliver(PaymentDriver.placed(orderId, "tok_visa", 700));

        TestUsers.asAdmin().get("/payments/" + orderId).then().statusCode(200);
    }
}
