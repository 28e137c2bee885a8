package dev.processflow.deploycheck;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs an external tool with a deadline, so a hung tool fails the check instead of hanging the build. */
public final class Processes {

    private Processes() {
    }

    /** What a finished tool printed and its exit code. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** The tool's standard output; an exception with its exit code and standard error if it fails. */
    public static String run(Duration timeout, String... command) {
        Result result = exec(timeout, command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + result.exitCode() + ": " + result.stderr());
        }
        return result.stdout();
    }

    /** Runs the tool to its end, whatever its exit code. */
    public static Result exec(Duration timeout, String... command) {
        try {
            Path out = Files.createTempFile("deploy-check", ".out");
            Path err = Files.createTempFile("deploy-check", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An executable of that name on the PATH, if any. */
    public static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }
}
