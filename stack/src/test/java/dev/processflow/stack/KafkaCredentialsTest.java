package dev.processflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaCredentialsTest {

    @TempDir
    Path dataDir;

    @Test
    void eachUserGetsItsOwnRandomPasswordThatSurvivesRestartsAndStaysPrivate() throws IOException {
        KafkaCredentials first = KafkaCredentials.prepare(dataDir, List.of("admin", "order-service"));
        KafkaCredentials again = KafkaCredentials.prepare(dataDir, List.of("admin", "order-service", "observer"));

        assertThat(first.password("admin")).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(first.password("order-service"));
        assertThat(again.password("admin")).isEqualTo(first.password("admin"));
        assertThat(again.password("observer")).isNotBlank();
        assertThat(KafkaCredentials.load(dataDir).password("order-service")).isEqualTo(first.password("order-service"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(again.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(again.clientFile("observer")))).isEqualTo("rw-------");
    }

    @Test
    void aClientFileLogsInAsItsUserWithScram() throws IOException {
        KafkaCredentials credentials = KafkaCredentials.prepare(dataDir, List.of("observer"));
        Properties client = new Properties();
        try (Reader reader = Files.newBufferedReader(credentials.clientFile("observer"))) {
            client.load(reader);
        }

        assertThat(client.getProperty("security.protocol")).isEqualTo("SASL_PLAINTEXT");
        assertThat(client.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(client.getProperty("sasl.jaas.config")).contains("ScramLoginModule required username=\"observer\"")
                .contains("password=\"" + credentials.password("observer") + "\"");
        assertThat(credentials.serviceEnvironment("observer")).containsEntry("KAFKA_PASSWORD", credentials.password("observer"));
    }

    @Test
    void anUnknownUserOrAnUnpreparedDataDirectoryIsAnError() {
        assertThatThrownBy(() -> KafkaCredentials.load(dataDir)).isInstanceOf(StackException.class).hasMessageContaining("up");
        KafkaCredentials credentials = KafkaCredentials.prepare(dataDir, List.of("admin"));
        assertThatThrownBy(() -> credentials.password("payment-service")).isInstanceOf(IllegalArgumentException.class);
    }
}
