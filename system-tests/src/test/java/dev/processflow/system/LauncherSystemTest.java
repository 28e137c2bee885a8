package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.stack.Launcher;
import dev.processflow.stack.Stack;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The `processflow` command refuses to start what it cannot run, and says why. */
@ExtendWith(RunningStack.class)
class LauncherSystemTest {

    @Test
    void secondUpOnARunningDataDirectorySaysSoAndFails(RunningStack.Handle stack) throws Exception {
        Result result = launch(stack, "up", "--data-dir", stack.dataDir().toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("already running");
    }

    @Test
    void takenPortIsNamedAndNothingIsLeftRunning(RunningStack.Handle stack, @TempDir Path dataDir) throws Exception {
        try (ServerSocket kafkaPort = new ServerSocket()) {
            kafkaPort.bind(new InetSocketAddress("127.0.0.1", 9092));
            Result result = launch(stack, "up", "--data-dir", dataDir.toString());

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains("port 9092").contains("in use");
            assertThat(Files.exists(dataDir.resolve("stack.pids"))).isFalse();
        } catch (java.net.BindException e) {
            org.junit.jupiter.api.Assumptions.abort("port 9092 is taken on this machine already");
        }
    }

    @Test
    void statusOfAStoppedStackSaysItIsNotRunning(RunningStack.Handle stack, @TempDir Path dataDir) throws Exception {
        Result result = launch(stack, "status", "--data-dir", dataDir.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).contains("not running");
    }

    @Test
    void tokenPrintsAnAccessTokenOfTheDemoUserOnItsLastLine(RunningStack.Handle stack) throws Exception {
        Result result = launch(stack, "token", "grace", "--data-dir", stack.dataDir().toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        String[] lines = result.output().strip().split("\\R");
        String token = lines[lines.length - 1];
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"preferred_username\":\"grace\"").contains("processflow-api");

        Result unknown = launch(stack, "token", "mallory", "--data-dir", stack.dataDir().toString());
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.output()).contains("no demo user mallory");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result launch(RunningStack.Handle stack, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp",
                Stack.runnerClasspath(stack.stack().layout().repository()),
                "-Dprocessflow.repository=" + stack.stack().layout().repository(), Launcher.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("processflow " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
