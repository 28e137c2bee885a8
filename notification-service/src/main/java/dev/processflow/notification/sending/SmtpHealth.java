package dev.processflow.notification.sending;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the mail server is unavailable: e-mails wait as RETRYING until it takes one again. */
@Readiness
@ApplicationScoped
public class SmtpHealth implements HealthCheck {

    private final SmtpStatus status;

    public SmtpHealth(SmtpStatus status) {
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        return status.outage()
                .map(outage -> HealthCheckResponse.named("mail server").down()
                        .withData("unavailableSince", outage.since().toString())
                        .withData("lastError", outage.lastError())
                        .build())
                .orElseGet(() -> HealthCheckResponse.up("mail server"));
    }
}
