package dev.processflow.notification.sending;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Points the mailer at a port nobody listens on, so every SMTP attempt is refused. The port is kept in a system
 * property because the profile and the test may live in different class loaders.
 */
public class SmtpOutage implements QuarkusTestProfile {

    static final String PORT_PROPERTY = "processflow.test.smtp-outage.port";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.mailer.port", Integer.toString(port()));
    }

    static int port() {
        return freePortIn(PORT_PROPERTY);
    }

    /** A free port, chosen once per JVM and kept in {@code property}. */
    static synchronized int freePortIn(String property) {
        String chosen = System.getProperty(property);
        if (chosen != null) {
            return Integer.parseInt(chosen);
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            System.setProperty(property, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
