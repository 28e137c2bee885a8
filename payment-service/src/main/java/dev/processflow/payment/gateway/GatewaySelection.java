package dev.processflow.payment.gateway;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the gateway named by {@code processflow.payment.gateway} the one everything injects; a wrong name fails startup. */
@ApplicationScoped
public class GatewaySelection {

    @Produces
    @ApplicationScoped
    @Startup
    PaymentGateway selected(@Any Instance<PaymentGateway> gateways,
            @ConfigProperty(name = "processflow.payment.gateway") String name) {
        Instance<PaymentGateway> named = gateways.select(Identifier.Literal.of(name));
        if (!named.isResolvable()) {
            throw new IllegalStateException("processflow.payment.gateway=" + name
                    + " names no payment gateway; the built-in one is '" + TestPaymentGateway.NAME + "'");
        }
        return named.get();
    }
}
