package dev.processflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StackLayoutTest {

    private final StackLayout single = StackLayout.defaults(Path.of("/repo"), Path.of("/data"));

    @Test
    void aSingleStackRunsEachServiceAsItselfOnItsOwnPort() {
        assertThat(single.instances()).extracting(StackLayout.Instance::name).containsExactly("order-service",
                "payment-service", "inventory-service", "notification-service", "image-service");
        assertThat(single.instance("order-service").port()).isEqualTo(8080);
        assertThat(single.services()).noneMatch(single::balanced);
    }

    @Test
    void replicasRunEachSagaServiceBehindItsPortAndImageServiceOnce() {
        StackLayout two = single.withPortOffset(20000).withReplicas(2);
        StackLayout.Service orders = two.service("order-service");
        assertThat(two.balanced(orders)).isTrue();
        assertThat(two.instances(orders)).containsExactly(
                new StackLayout.Instance("order-service-1", "order-service", 29080),
                new StackLayout.Instance("order-service-2", "order-service", 30080));
        assertThat(two.instances(two.service("image-service"))).extracting(StackLayout.Instance::name)
                .containsExactly("image-service");
        assertThat(two.instances()).hasSize(9);
        assertThat(two.instances()).extracting(StackLayout.Instance::port).doesNotHaveDuplicates()
                .doesNotContain(two.kafkaPort(), two.controllerPort(), two.postgresPort(), two.keycloakPort(),
                        two.zipkinPort(), two.consolePort(), two.providerPort(), two.smtpPort(), two.mailHttpPort())
                .doesNotContainAnyElementsOf(two.services().stream().filter(two::balanced)
                        .map(StackLayout.Service::port).toList());
    }

    @Test
    void replicasAreBetweenOneAndFour() {
        assertThatThrownBy(() -> single.withReplicas(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> single.withReplicas(5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(single.withReplicas(4).instances()).hasSize(17);
    }
}
