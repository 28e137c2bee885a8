package dev.processflow.platform.health;

import dev.processflow.platform.eventing.DeliveryMonitor;
import dev.processflow.platform.eventing.DeliveryMonitor.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Event consumers in health: not ready while a delivery waits for a dependency (database, broker, mail server...),
 * not live once a delivery's function has run far past every timeout, so a wedged consumer gets restarted.
 */
public class DeliveryHealth {

    private static final int SHOWN = 5;

    @Readiness
    @ApplicationScoped
    static class Dependencies implements HealthCheck {

        private final DeliveryMonitor monitor;

        Dependencies(DeliveryMonitor monitor) {
            this.monitor = monitor;
        }

        @Override
        public HealthCheckResponse call() {
            return report("event deliveries waiting for a dependency", monitor.waiting());
        }
    }

    @Liveness
    @ApplicationScoped
    static class Progress implements HealthCheck {

        private final DeliveryMonitor monitor;

        Progress(DeliveryMonitor monitor) {
            this.monitor = monitor;
        }

        @Override
        public HealthCheckResponse call() {
            return report("event deliveries stalled", monitor.stalled());
        }
    }

    private static HealthCheckResponse report(String name, List<Status> problems) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name).status(problems.isEmpty())
                .withData("count", problems.size());
        for (int i = 0; i < Math.min(SHOWN, problems.size()); i++) {
            Status status = problems.get(i);
            response.withData("delivery." + i, status.topic() + " " + status.what() + " since " + status.since()
                    + ": " + status.cause());
        }
        return response.build();
    }
}
