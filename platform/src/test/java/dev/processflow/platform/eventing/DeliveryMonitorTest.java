package dev.processflow.platform.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.platform.eventing.DeliveryMonitor.Delivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryMonitorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DeliveryMonitor monitor = new DeliveryMonitor(registry, Duration.ofMillis(50));

    @Test
    void aFunctionRunningPastTheLimitIsStalledUntilItReturns() throws InterruptedException {
        try (Delivery delivery = monitor.start("orders", "processflow.order.placed 1")) {
            delivery.attempt();
            assertThat(monitor.stalled()).isEmpty();
            Thread.sleep(100);
            assertThat(monitor.stalled()).singleElement()
                    .satisfies(status -> assertThat(status.what()).isEqualTo("processflow.order.placed 1"));
            assertThat(registry.get("processflow.events.stalled").gauge().value()).isEqualTo(1.0);
            delivery.attemptEnded();
            assertThat(monitor.stalled()).isEmpty();
        }
    }

    @Test
    void aDeliveryWaitingForADependencyIsReportedWithItsCauseUntilItIsDone() {
        Delivery delivery = monitor.start("payments", "batch of 3 events");
        delivery.attempt();
        delivery.waitingFor(new IllegalStateException("wrapped", new ConnectException("Connection refused")));

        assertThat(monitor.waiting()).singleElement().satisfies(status -> {
            assertThat(status.topic()).isEqualTo("payments");
            assertThat(status.cause()).isEqualTo("ConnectException: Connection refused");
        });
        assertThat(monitor.stalled()).as("waiting is not running").isEmpty();
        assertThat(registry.get("processflow.events.waiting").gauge().value()).isEqualTo(1.0);

        delivery.close();
        assertThat(monitor.waiting()).isEmpty();
    }
}
