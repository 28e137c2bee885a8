package dev.processflow.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigMappingsTest {

    @Test
    void variablesOfConfigMappingMembersAndConfigPropertiesAreRead(@TempDir Path sources) throws IOException {
        Path pkg = Files.createDirectories(sources.resolve("demo"));
        Files.writeString(pkg.resolve("ImageConfig.java"), """
                package demo;

                @ConfigMapping(prefix = "processflow.image")
                public interface ImageConfig {
                    S3 s3();

                    interface S3 {
                        Optional<URI> endpoint();

                        Optional<String> accessKeyId();

                        @WithName("path-style")
                        boolean pathStyleAccess();
                    }
                }
                """);
        Files.writeString(pkg.resolve("Sweeper.java"), """
                package demo;

                class Sweeper {
                    Sweeper(@ConfigProperty(name = "processflow.saga.timeout") Duration timeout) {
                    }
                }
                """);

        ConfigMappings mappings = ConfigMappings.scan(List.of(sources, sources.resolve("absent")));

        assertThat(List.of("PROCESSFLOW_IMAGE_S3_ENDPOINT", "PROCESSFLOW_IMAGE_S3_ACCESS_KEY_ID",
                "PROCESSFLOW_IMAGE_S3_PATH_STYLE", "PROCESSFLOW_SAGA_TIMEOUT")).allMatch(mappings::reads);
        assertThat(List.of("PROCESSFLOW_IMAGE_S3_ENDPIONT", "PROCESSFLOW_IMAGE_",
                "PROCESSFLOW_IMAGES_S3_ENDPOINT", "PROCESSFLOW_SAGA_TIMEOUTS")).noneMatch(mappings::reads);
    }
}
