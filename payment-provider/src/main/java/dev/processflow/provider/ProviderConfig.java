package dev.processflow.provider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one provider runs: where it listens, where its journal lives, how long an uncaptured hold lasts, the merchant's
 * secret API key (every payment API call carries it; there is no provider without one), the credential of its admin
 * API (fault injection and ledger; switched off without one), and whether each API request gets a log line (its own
 * process: yes; embedded in a test JVM: no).
 */
public record ProviderConfig(String host, int port, Path journal, Duration holdExpiry, String apiKey,
        Optional<String> adminToken, boolean logRequests) {

    public static final int DEFAULT_PORT = 8085;
    /** Card networks let an uncaptured authorization lapse after about a week; Stripe's default is 7 days. */
    public static final Duration DEFAULT_HOLD_EXPIRY = Duration.ofDays(7);

    public ProviderConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(adminToken, "adminToken");
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("the payment API needs a secret API key: set PAYMENT_PROVIDER_API_KEY");
        }
        if (holdExpiry.isNegative() || holdExpiry.isZero()) {
            throw new IllegalArgumentException("the hold expiry must be positive");
        }
        adminToken = adminToken.filter(token -> !token.isBlank());
    }

    /**
     * {@code PAYMENT_PROVIDER_HOST} (127.0.0.1), {@code PAYMENT_PROVIDER_PORT} (8085), {@code PAYMENT_PROVIDER_JOURNAL}
     * (payment-provider.journal), {@code PAYMENT_PROVIDER_HOLD_EXPIRY} (ISO-8601, P7D),
     * {@code PAYMENT_PROVIDER_API_KEY} and {@code PAYMENT_PROVIDER_ADMIN_TOKEN} (no defaults: secrets) and
     * {@code PAYMENT_PROVIDER_LOG_REQUESTS} (true).
     */
    public static ProviderConfig fromEnvironment(Map<String, String> env) {
        return new ProviderConfig(
                env.getOrDefault("PAYMENT_PROVIDER_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("PAYMENT_PROVIDER_PORT", Integer.toString(DEFAULT_PORT))),
                Path.of(env.getOrDefault("PAYMENT_PROVIDER_JOURNAL", "payment-provider.journal")),
                Optional.ofNullable(env.get("PAYMENT_PROVIDER_HOLD_EXPIRY")).map(Duration::parse).orElse(DEFAULT_HOLD_EXPIRY),
                env.get("PAYMENT_PROVIDER_API_KEY"),
                Optional.ofNullable(env.get("PAYMENT_PROVIDER_ADMIN_TOKEN")),
                Boolean.parseBoolean(env.getOrDefault("PAYMENT_PROVIDER_LOG_REQUESTS", "true")));
    }
}
