package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.stack.KafkaCredentials;
import dev.processflow.stack.StackLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The packaged payment-service, started for production without a chosen gateway, refuses to run and says why. */
@ExtendWith(RunningStack.class)
class PaymentGatewayChoiceSystemTest {

    @Test
    void productionStartWithoutAChosenGatewayFailsWithAClearMessage(RunningStack.Handle stack) throws Exception {
        StackLayout layout = stack.stack().layout();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar",
                layout.service("payment-service").jar(layout.repository()).toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PROCESSFLOW_PAYMENT"));
        builder.environment().putAll(Map.of(
                "QUARKUS_PROFILE", "prod",
                "QUARKUS_HTTP_PORT", Integer.toString(freePort()),
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "KAFKA_BOOTSTRAP_SERVERS", layout.kafkaBootstrap(),
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + layout.postgresPort() + "/payments",
                "QUARKUS_DATASOURCE_USERNAME", "processflow",
                "QUARKUS_DATASOURCE_PASSWORD", "processflow"));
        // Everything else a production start needs is given, so the missing gateway is what stops it.
        builder.environment().putAll(KafkaCredentials.load(stack.dataDir()).serviceEnvironment("payment-service"));
        Process process = builder.start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).as("payment-service exits instead of running; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("No payment gateway chosen").contains("PROCESSFLOW_PAYMENT_GATEWAY");
        assertThat(List.of(output.split("\n"))).noneMatch(line -> line.contains("Listening on"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
