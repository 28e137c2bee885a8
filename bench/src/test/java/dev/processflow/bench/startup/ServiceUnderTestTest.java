package dev.processflow.bench.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceUnderTestTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @Test
    void readsEveryIncomingChannelFromTheServicesOwnConfiguration() {
        List<ServiceUnderTest> services = ServiceUnderTest.select(REPOSITORY, ServiceUnderTest.NAMES);
        ServiceUnderTest order = services.get(0);
        assertThat(order.channels()).containsExactlyInAnyOrder("payments", "inventory", "notifications", "catalog");
        assertThat(order.triggerChannel()).isIn(order.channels());
        assertThat(order.benchDatabase()).isEqualTo("bench_start_orders");
        for (ServiceUnderTest service : services) {
            assertThat(service.channels()).as(service.name()).contains(service.triggerChannel());
        }
        assertThat(order.aotJar("bench-aot")).isEqualTo(REPOSITORY.resolve("order-service/target/bench-aot/quarkus-run.jar"));
        assertThat(order.stackJar()).isEqualTo(REPOSITORY.resolve("order-service/target/quarkus-app/quarkus-run.jar"));
    }

    @Test
    void refusesAnUnknownService() {
        assertThatThrownBy(() -> ServiceUnderTest.select(REPOSITORY, List.of("nope"))).hasMessageContaining("nope");
    }

    @Test
    void medianIgnoresRunsThatNeverGotThere() {
        assertThat(StartupBench.median(new double[] {300, -1, 100, 200})).isEqualTo(200);
        assertThat(StartupBench.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(StartupBench.median(new double[] {-1})).isNaN();
    }
}
