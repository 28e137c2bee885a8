package dev.processflow.payment.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewaySelectionTest {

    @Test
    void noChoiceIsRefusedWithWhatToSet() {
        assertThatThrownBy(() -> GatewaySelection.choose(Optional.empty(), Optional.of("http://provider:8085")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No payment gateway chosen")
                .hasMessageContaining("PROCESSFLOW_PAYMENT_GATEWAY")
                .hasMessageContaining("never falls back");
        assertThatThrownBy(() -> GatewaySelection.choose(Optional.of("  "), Optional.empty()))
                .hasMessageContaining("No payment gateway chosen");
    }

    @Test
    void theSimulatorNeedsItsAddress() {
        assertThatThrownBy(() -> GatewaySelection.choose(Optional.of("test"), Optional.empty()))
                .hasMessageContaining("PROCESSFLOW_PAYMENT_PROVIDER_URL");
        assertThat(GatewaySelection.choose(Optional.of("test"), Optional.of("http://127.0.0.1:8085"))).isEqualTo("test");
    }

    @Test
    void unknownGatewaysAreRefused() {
        assertThatThrownBy(() -> GatewaySelection.choose(Optional.of("stripe"), Optional.of("http://x")))
                .hasMessageContaining("names no payment gateway");
    }

    /** The packaged configuration chooses a gateway in dev and test only: a production start must choose one. */
    @Test
    void productionConfigurationChoosesNothing() throws IOException {
        for (String profile : new String[] {"prod", "knative"}) {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile)
                    .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250))
                    .build();
            Optional<String> gateway = config.getOptionalValue(GatewaySelection.GATEWAY, String.class);
            Optional<String> url = config.getOptionalValue(GatewaySelection.PROVIDER_URL, String.class);
            assertThat(gateway).as(profile).isEmpty();
            assertThatThrownBy(() -> GatewaySelection.choose(gateway, url)).hasMessageContaining("No payment gateway chosen");
        }
        SmallRyeConfig test = new SmallRyeConfigBuilder().withProfile("test")
                .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250)).build();
        assertThat(test.getOptionalValue(GatewaySelection.GATEWAY, String.class)).contains("test");
    }
}
