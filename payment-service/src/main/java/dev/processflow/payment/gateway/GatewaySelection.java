package dev.processflow.payment.gateway;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes the gateway named by {@code processflow.payment.gateway} the one everything injects. Nothing is chosen by
 * default outside dev and test: a production start without an explicit choice fails, so the payment provider
 * simulator can never stand in for a real provider by accident.
 */
@ApplicationScoped
public class GatewaySelection {

    static final String GATEWAY = "processflow.payment.gateway";
    static final String PROVIDER_URL = "processflow.payment.provider.url";
    static final String PROVIDER_API_KEY = "processflow.payment.provider.api-key";

    private static final Logger LOG = Logger.getLogger(GatewaySelection.class);

    @Produces
    @ApplicationScoped
    @Startup
    PaymentGateway selected(@Any Instance<PaymentGateway> gateways, @ConfigProperty(name = GATEWAY) Optional<String> name,
            @ConfigProperty(name = PROVIDER_URL) Optional<String> providerUrl,
            @ConfigProperty(name = PROVIDER_API_KEY) Optional<String> providerApiKey) {
        String chosen = choose(name, providerUrl, providerApiKey);
        Instance<PaymentGateway> named = gateways.select(Identifier.Literal.of(chosen));
        if (!named.isResolvable()) {
            throw new IllegalStateException(GATEWAY + "=" + chosen + " names no payment gateway in this build");
        }
        LOG.warnf("payment gateway '%s': the payment provider simulator at %s; no real money moves", chosen,
                providerUrl.orElseThrow());
        return named.get();
    }

    /** The gateway to use, or why the service must not start. */
    static String choose(Optional<String> name, Optional<String> providerUrl, Optional<String> providerApiKey) {
        String chosen = name.map(String::trim).filter(n -> !n.isEmpty()).orElseThrow(() -> new IllegalStateException(
                "No payment gateway chosen: set " + GATEWAY + " (environment PROCESSFLOW_PAYMENT_GATEWAY). This build ships '"
                        + ProviderGateway.NAME + "', the payment provider simulator, which also needs " + PROVIDER_URL
                        + " (PROCESSFLOW_PAYMENT_PROVIDER_URL) and " + PROVIDER_API_KEY
                        + " (PROCESSFLOW_PAYMENT_PROVIDER_API_KEY). Production never falls back to a test gateway."));
        if (!chosen.equals(ProviderGateway.NAME)) {
            throw new IllegalStateException(GATEWAY + "=" + chosen + " names no payment gateway; this build ships '"
                    + ProviderGateway.NAME + "' (the payment provider simulator)");
        }
        if (providerUrl.filter(url -> !url.isBlank()).isEmpty()) {
            throw new IllegalStateException(GATEWAY + "=" + ProviderGateway.NAME + " needs " + PROVIDER_URL
                    + " (PROCESSFLOW_PAYMENT_PROVIDER_URL), the address of the payment provider simulator");
        }
        if (providerApiKey.filter(key -> !key.isBlank()).isEmpty()) {
            throw new IllegalStateException(GATEWAY + "=" + ProviderGateway.NAME + " needs " + PROVIDER_API_KEY
                    + " (PROCESSFLOW_PAYMENT_PROVIDER_API_KEY), the secret key the payment provider gave this shop");
        }
        return chosen;
    }
}
