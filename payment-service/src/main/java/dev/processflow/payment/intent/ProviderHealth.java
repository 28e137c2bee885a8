package dev.processflow.payment.intent;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether the payment provider answered the last call, even if only with "not now" ({@code /q/health/well}). Deliberately not a readiness check:
 * while the provider is down the service still takes order events and parks their effects as intents, and a
 * not-ready pod would make push delivery retry and dead-letter events that are perfectly fine. Also a {@code @Default}
 * bean, so the callers can report to it.
 */
@Wellness
@Default
@ApplicationScoped
public class ProviderHealth implements HealthCheck {

    private volatile Instant lastAnswer;
    private volatile Instant failingSince;
    private volatile String lastError;

    void answered() {
        lastAnswer = Instant.now();
        failingSince = null;
        lastError = null;
    }

    void failed(String error) {
        if (failingSince == null) {
            failingSince = Instant.now();
        }
        lastError = error;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("payment provider").status(failingSince == null);
        if (lastAnswer != null) {
            response.withData("lastAnswer", lastAnswer.toString());
        }
        if (failingSince != null) {
            response.withData("failingSince", failingSince.toString()).withData("lastError", lastError);
        }
        return response.build();
    }
}
