package dev.processflow.platform.health;

import dev.processflow.platform.eventing.Failures;
import dev.processflow.platform.eventing.OutboxQuarantine;
import dev.processflow.platform.eventing.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The outbox in health: not live if the relay has stopped passing over the outbox (its thread is supervised, so this
 * means it is wedged), not ready while the oldest unpublished event is older than
 * {@code processflow.outbox.max-backlog-age} (the broker is away or refuses), with the backlog and the quarantine
 * in the data.
 */
public class OutboxHealth {

    @Liveness
    @ApplicationScoped
    static class Relay implements HealthCheck {

        private final OutboxRelay relay;
        private final Duration stalledAfter;

        Relay(OutboxRelay relay,
                @ConfigProperty(name = "processflow.consumer.stalled-after", defaultValue = "3m") Duration stalledAfter) {
            this.relay = relay;
            this.stalledAfter = stalledAfter;
        }

        @Override
        public HealthCheckResponse call() {
            Duration sinceLastPass = Duration.between(relay.lastPass(), Instant.now());
            return HealthCheckResponse.named("outbox relay")
                    .status(!relay.isRunning() || sinceLastPass.compareTo(stalledAfter) < 0)
                    .withData("lastPass", relay.lastPass().toString())
                    .build();
        }
    }

    @Readiness
    @ApplicationScoped
    static class Backlog implements HealthCheck {

        private final OutboxQuarantine quarantine;
        private final Duration maxAge;

        Backlog(OutboxQuarantine quarantine,
                @ConfigProperty(name = "processflow.outbox.max-backlog-age", defaultValue = "60s") Duration maxAge) {
            this.quarantine = quarantine;
            this.maxAge = maxAge;
        }

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox backlog");
            try {
                OutboxQuarantine.Backlog backlog = quarantine.backlog();
                Duration age = backlog.oldestWaiting() == null ? Duration.ZERO
                        : Duration.between(backlog.oldestWaiting(), Instant.now());
                return response.status(age.compareTo(maxAge) <= 0)
                        .withData("waiting", backlog.waiting())
                        .withData("oldestWaitingSeconds", Math.max(0, age.toSeconds()))
                        .withData("quarantined", backlog.quarantined())
                        .build();
            } catch (RuntimeException e) {
                return response.down().withData("error", Failures.rootMessage(e)).build();
            }
        }
    }
}
