package dev.processflow.payment;

import dev.processflow.provider.PaymentProvider;
import dev.processflow.provider.ProviderConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The payment provider simulator as a real HTTP server in the test JVM, started once and shared by every Quarkus
 * application of the run. Tests reach it over HTTP only ({@link ProviderLedger}), as payment-service does.
 */
public class ProviderEngine implements QuarkusTestResourceLifecycleManager {

    static final String URL_PROPERTY = "processflow.test.payment-provider.url";
    /** A local-only credential for the simulator's admin API in tests. */
    static final String ADMIN_TOKEN = "local-only-test-provider-admin";
    /** The shop's local-only secret key for the simulator's payment API in tests. */
    static final String API_KEY = "local-only-test-provider-api-key";

    @Override
    public Map<String, String> start() {
        return Map.of("processflow.payment.provider.url", url(), "processflow.payment.provider.api-key", API_KEY);
    }

    @Override
    public void stop() {
        // the provider outlives each Quarkus application and stops with the JVM
    }

    public static synchronized String url() {
        String running = System.getProperty(URL_PROPERTY);
        if (running != null) {
            return running;
        }
        try {
            PaymentProvider provider = PaymentProvider.start(new ProviderConfig("127.0.0.1", 0,
                    Files.createTempDirectory("payment-provider").resolve("journal"), Duration.ofDays(7),
                    API_KEY, Optional.of(ADMIN_TOKEN), false));
            Runtime.getRuntime().addShutdownHook(new Thread(provider::close, "payment-provider-stop"));
            System.setProperty(URL_PROPERTY, provider.url());
            return provider.url();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
