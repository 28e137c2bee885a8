package dev.processflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceRuntimeTest {

    private static final String RUNNER_JAVA = "/runner/bin/java";
    private static final Instant BUILT = Instant.parse("2026-12-01T08:00:00Z");

    @TempDir
    Path repository;
    private StackLayout layout;
    private Path jdk25;

    @BeforeEach
    void builtButNotTrained() throws IOException {
        layout = StackLayout.defaults(repository, repository.resolve("data"));
        jdk25 = executable(repository.resolve("jdk25/bin/java"));
        for (StackLayout.Service service : layout.services()) {
            file(service.jar(repository), BUILT);
        }
    }

    @Test
    void withoutCachesTheServicesRunTheFastJarWithC1Only() {
        ServiceRuntime runtime = ServiceRuntime.choose(Map.of(), layout, RUNNER_JAVA);

        assertThat(runtime.kind()).isEqualTo(ServiceRuntime.Kind.PLAIN);
        assertThat(runtime.command(repository, layout.service("order-service"))).containsExactly(RUNNER_JAVA,
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-jar",
                repository.resolve("order-service/target/quarkus-app/quarkus-run.jar").toString());
        assertThat(runtime.description()).contains("./processflow train");
    }

    @Test
    void currentCachesRunEveryServiceOnItsCacheWithC2OnTheJdkThatTrainedIt() throws IOException {
        trainAll(BUILT.plusSeconds(600));

        ServiceRuntime runtime = ServiceRuntime.choose(Map.of(), layout, RUNNER_JAVA);

        assertThat(runtime.kind()).isEqualTo(ServiceRuntime.Kind.TRAINED);
        Path aot = repository.resolve("payment-service/target/quarkus-aot");
        assertThat(runtime.command(repository, layout.service("payment-service"))).containsExactly(jdk25.toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=" + aot.resolve("app.aot"),
                "-jar", aot.resolve("quarkus-run.jar").toString());
    }

    @Test
    void aServiceBuiltAgainAfterTrainingMakesTheWholeStackRunPlain() throws IOException {
        trainAll(BUILT.plusSeconds(600));
        Files.setLastModifiedTime(layout.service("inventory-service").jar(repository),
                FileTime.from(BUILT.plusSeconds(900)));

        assertThat(ServiceRuntime.choose(Map.of(), layout, RUNNER_JAVA).kind()).isEqualTo(ServiceRuntime.Kind.PLAIN);
    }

    @Test
    void aMissingCacheOrAGoneJdkMakesTheWholeStackRunPlain() throws IOException {
        trainAll(BUILT.plusSeconds(600));
        Files.delete(ServiceRuntime.cache(repository, layout.service("image-service")));
        assertThat(ServiceRuntime.choose(Map.of(), layout, RUNNER_JAVA).kind()).isEqualTo(ServiceRuntime.Kind.PLAIN);

        trainAll(BUILT.plusSeconds(600));
        Files.delete(jdk25);
        assertThat(ServiceRuntime.choose(Map.of(), layout, RUNNER_JAVA).kind()).isEqualTo(ServiceRuntime.Kind.PLAIN);
    }

    @Test
    void aJvmChosenByHandOrAotOffRunsPlainDespiteCurrentCaches() throws IOException {
        trainAll(BUILT.plusSeconds(600));

        ServiceRuntime byHand = ServiceRuntime.choose(Map.of("PROCESSFLOW_SERVICE_JAVA_OPTS", "-Xmx256m"), layout,
                RUNNER_JAVA);
        assertThat(byHand.kind()).isEqualTo(ServiceRuntime.Kind.PLAIN);
        assertThat(byHand.command(repository, layout.service("order-service"))).startsWith(RUNNER_JAVA, "-Xmx256m",
                "-jar");
        assertThat(ServiceRuntime.choose(Map.of("PROCESSFLOW_SERVICE_JAVA_HOME", "/jdk17"), layout, RUNNER_JAVA)
                .command(repository, layout.service("order-service"))).startsWith("/jdk17/bin/java");
        assertThat(ServiceRuntime.choose(Map.of("PROCESSFLOW_SERVICE_AOT", "off"), layout, RUNNER_JAVA).kind())
                .isEqualTo(ServiceRuntime.Kind.PLAIN);
    }

    @Test
    void aTrainingRunClearsTheOldCacheRecordsItsJdkAndWritesTheCacheAtExit() throws IOException {
        trainAll(BUILT.plusSeconds(600));
        ServiceRuntime training = ServiceRuntime.choose(Map.of("PROCESSFLOW_SERVICE_AOT", "train",
                "PROCESSFLOW_SERVICE_JAVA_HOME", repository.resolve("jdk25").toString()), layout, RUNNER_JAVA);
        StackLayout.Service orders = layout.service("order-service");
        Path aot = ServiceRuntime.aotDirectory(repository, orders);

        assertThat(training.kind()).isEqualTo(ServiceRuntime.Kind.TRAINING);
        assertThat(training.command(repository, orders)).containsExactly(jdk25.toString(), "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCacheOutput=" + aot.resolve("app.aot"),
                "-jar", aot.resolve("quarkus-run.jar").toString());
        assertThat(aot.resolve("app.aot")).doesNotExist();
        assertThat(aot.resolve("app.aot.java")).hasContent(jdk25.toString());
        assertThat(training.stopGrace()).isGreaterThanOrEqualTo(java.time.Duration.ofMinutes(1));
    }

    @Test
    void trainingNeedsItsJdkNamedAndASingleInstanceOfEachService() {
        assertThatThrownBy(() -> ServiceRuntime.choose(Map.of("PROCESSFLOW_SERVICE_AOT", "train"), layout, RUNNER_JAVA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROCESSFLOW_SERVICE_JAVA_HOME");
        assertThatThrownBy(() -> ServiceRuntime.choose(Map.of("PROCESSFLOW_SERVICE_AOT", "train",
                "PROCESSFLOW_SERVICE_JAVA_HOME", "/jdk25"), layout.withReplicas(2), RUNNER_JAVA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas");
        assertThatThrownBy(() -> ServiceRuntime.choose(Map.of("PROCESSFLOW_SERVICE_AOT", "sometimes"), layout,
                RUNNER_JAVA)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto, off or train");
    }

    private void trainAll(Instant at) throws IOException {
        for (StackLayout.Service service : layout.services()) {
            Path aot = ServiceRuntime.aotDirectory(repository, service);
            file(aot.resolve("quarkus-run.jar"), at.minusSeconds(300));
            file(aot.resolve("app.aot"), at);
            Files.writeString(aot.resolve("app.aot.java"), jdk25.toString());
        }
        if (!Files.exists(jdk25)) {
            executable(jdk25);
        }
    }

    private static void file(Path path, Instant modified) throws IOException {
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[] {1});
        Files.setLastModifiedTime(path, FileTime.from(modified));
    }

    private static Path executable(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
