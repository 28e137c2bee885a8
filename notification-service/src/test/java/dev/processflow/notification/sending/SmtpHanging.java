package dev.processflow.notification.sending;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Points the mailer at a port of its own, where a test puts a {@code NetworkLink} to the real SMTP server and can hang
 * it; one attempt may wait a minute, so attempts held by a hung server stay in flight while the test looks at them.
 */
public class SmtpHanging implements QuarkusTestProfile {

    static final String PORT_PROPERTY = "processflow.test.smtp-hanging.port";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.mailer.port", Integer.toString(port()), "quarkus.mailer.timeout", "60s");
    }

    static int port() {
        return SmtpOutage.freePortIn(PORT_PROPERTY);
    }
}
