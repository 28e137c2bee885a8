package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.stack.ServiceRuntime;
import dev.processflow.stack.StackLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./processflow train} trains every service's AOT cache under load, and {@code ./processflow up} then runs each
 * service on its cache with C2, and orders flow through them with every invariant held. Runs in a JVM of its own after
 * the other system tests (it needs the default ports), and removes the caches it trained so that no later stack of
 * this build runs on them unasked.
 */
class AotTrainingSystemTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("processflow.repository", ".."))
            .toAbsolutePath().normalize();
    private static final Path DATA_DIR = REPOSITORY.resolve("system-tests/target/aot-stack");
    private static final StackLayout LAYOUT = StackLayout.defaults(REPOSITORY, DATA_DIR);
    /** What the JDK prints when it cannot use a cache it was given; the service then runs without it. */
    private static final Pattern CACHE_REFUSED = Pattern.compile("\\[error *]\\[aot");

    @Test
    void trainedServicesRunOnTheirCachesAndServeOrders() throws Exception {
        Result training = processflow(Duration.ofMinutes(25), "train", "--rate", "10", "--duration", "20s",
                "--warmup", "10s");
        assertThat(training.exitCode()).as(training.output()).isZero();
        assertThat(training.output()).contains("train: done");
        for (StackLayout.Service service : LAYOUT.services()) {
            assertThat(ServiceRuntime.cache(REPOSITORY, service)).isNotEmptyFile();
        }

        Process up = new ProcessBuilder(REPOSITORY.resolve("processflow").toString(), "up", "--fresh", "--data-dir",
                DATA_DIR.toString()).directory(REPOSITORY.toFile()).redirectErrorStream(true)
                .redirectOutput(REPOSITORY.resolve("system-tests/target/aot-up.log").toFile()).start();
        try {
            String started = awaitReady(up);
            assertThat(started).contains("services' JVM: C2 with the AOT caches of ./processflow train");
            for (StackLayout.Service service : LAYOUT.services()) {
                long pid = pid(service.name());
                assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(List::of).orElseThrow())
                        .contains("-XX:AOTCache=" + ServiceRuntime.cache(REPOSITORY, service))
                        .doesNotContain("-XX:TieredStopAtLevel=1");
            }

            Result orders = processflow(Duration.ofMinutes(5), "bench", "orders", "--data-dir", DATA_DIR.toString(),
                    "--mode", "fixed", "--rate", "5", "--duration", "15s", "--warmup", "0s", "--idle", "0s",
                    "--skip-limits", "--out", REPOSITORY.resolve("system-tests/target/aot-bench").toString());
            assertThat(orders.exitCode()).as(orders.output()).isZero();
            assertThat(orders.output()).contains("zero invariant violations");
            for (StackLayout.Service service : LAYOUT.services()) {
                String log = Files.readString(DATA_DIR.resolve("logs").resolve(service.name() + ".log"));
                assertThat(CACHE_REFUSED.matcher(log).find()).as(service.name() + " refused its cache:\n" + log)
                        .isFalse();
            }
        } finally {
            up.destroy();
            if (!up.waitFor(1, TimeUnit.MINUTES)) {
                up.destroyForcibly();
            }
        }
    }

    @AfterAll
    static void removeTheTrainedCaches() throws IOException {
        for (StackLayout.Service service : LAYOUT.services()) {
            Files.deleteIfExists(ServiceRuntime.cache(REPOSITORY, service));
        }
    }

    private static String awaitReady(Process up) throws Exception {
        Path log = REPOSITORY.resolve("system-tests/target/aot-up.log");
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && up.isAlive()) {
            String output = Files.readString(log);
            if (output.contains("processflow ready in")) {
                return output;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the trained stack did not start:\n" + Files.readString(log));
    }

    private static long pid(String name) throws IOException {
        return Files.readAllLines(DATA_DIR.resolve("stack.pids")).stream().map(line -> line.split(" "))
                .filter(parts -> parts[0].equals(name)).mapToLong(parts -> Long.parseLong(parts[1])).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in the pid file"));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result processflow(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(REPOSITORY.resolve("processflow").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("processflow-", ".log");
        Process process = new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("processflow " + String.join(" ", args) + " did not finish:\n"
                    + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
