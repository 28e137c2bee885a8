package dev.processflow.payment.gateway;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The selected gateway behind short in-line retries (about 100 ms, then 200 ms) for blips. Only
 * {@link GatewayUnavailableException} is retried; a longer outage outlives these retries and is handled by the caller
 * (the authorization is parked for the retry worker, a capture or void is redelivered), so a consumer thread never
 * waits long. Tunable per method with {@code quarkus.fault-tolerance."<class>/<method>".retry.*}.
 */
@ApplicationScoped
public class GatewayClient {

    private final PaymentGateway gateway;

    public GatewayClient(PaymentGateway gateway) {
        this.gateway = gateway;
    }

    @Retry(maxRetries = 2, delay = 100, jitter = 20, retryOn = GatewayUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 1000)
    public AuthorizationResult authorize(AuthorizationRequest request) {
        return gateway.authorize(request);
    }

    @Retry(maxRetries = 2, delay = 100, jitter = 20, retryOn = GatewayUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 1000)
    public void capture(SettlementRequest request) {
        gateway.capture(request);
    }

    @Retry(maxRetries = 2, delay = 100, jitter = 20, retryOn = GatewayUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 1000)
    public void voidAuthorization(SettlementRequest request) {
        gateway.voidAuthorization(request);
    }
}
