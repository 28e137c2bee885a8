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

    private static final Optional<String> KEY = Optional.of("local-only-key");

    @Test
    void noChoiceIsRefusedWithWhatToSet() {
        assertThatThrownBy(() -> GatewaySelection.choose(Optional.empty(), Optional.of("http://provider:8085"), KEY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No payment gateway chosen")
                .hasMessageContaining("PROCESSFLOW_PAYMENT_GATEWAY")
                .hasMessageContaining("never falls back");
        assertThatThrownBy(() -> GatewaySelection.choose(Optional.of("  "), Optional.empty(), KEY))
                .hasMessageContaining("No payment gateway chosen");
    }

    @Test
    void theSimulatorNeedsItsAddressAndTheShopsKey() {
        assertThatThrownBy(() -> GatewaySelection.choose(Optional.of("test"), Optional.empty(), KEY))
                .hasMessageContaining("PROCESSFLOW_PAYMENT_PROVIDER_URL");
        assertThatThrownBy(() -> GatewaySelection.choose(Optional.of("test"), Optional.of("http://127.0.0.1:8085"),
                Optional.empty())).hasMessageContaining("PROCESSFLOW_PAYMENT_PROVIDER_API_KEY");
        assertThatThrownBy(() -> GatewaySelection.choose(Optional.of("test"), Optional.of("http://127.0.0.1:8085"),
                Optional.of(" "))).hasMessageContaining("PROCESSFLOW_PAYMENT_PROVIDER_API_KEY");
        assertThat(GatewaySelection.choose(Optional.of("test"), Optional.of("http://127.0.0.1:8085"), KEY))
                .isEqualTo("test");
    }

    @Test
    void unknownGatewaysAreRefused() {
        assertThatThrownBy(() -> GatewaySelection.choose(Optional.of("stripe"), Optional.of("http://x"), KEY))
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
            Optional<String> key = config.getOptionalValue(GatewaySelection.PROVIDER_API_KEY, String.class);
            assertThat(gateway).as(profile).isEmpty();
            assertThat(key).as(profile + ": a secret, from the environment only").isEmpty();
            assertThatThrownBy(() -> GatewaySelection.choose(gateway, url, key)).hasMessageContaining("No payment gateway chosen");
        }
        SmallRyeConfig test = new SmallRyeConfigBuilder().withProfile("test")
                .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250)).build();
        assertThat(test.getOptionalValue(GatewaySelection.GATEWAY, String.class)).contains("test");
    }
}
