package dev.processflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One OS process of the stack, its command, environment and log file; can be stopped, killed and started again. */
final class ManagedProcess {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    ManagedProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    synchronized void start() {
        if (isAlive()) {
            return;
        }
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /** SIGTERM to it and its descendants, then SIGKILL to all if it has not exited within the grace period. */
    synchronized void stop(Duration grace) {
        stop(grace, true);
    }

    /**
     * SIGTERM to the process alone: children its exit starts (a training JVM assembles its AOT cache in one) are
     * left to finish, within the grace period.
     */
    synchronized void stopLeavingChildren(Duration grace) {
        stop(grace, false);
    }

    private void stop(Duration grace, boolean descendantsToo) {
        if (process == null) {
            return;
        }
        if (descendantsToo) {
            process.toHandle().descendants().forEach(ProcessHandle::destroy);
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** SIGKILL at once, as a crash would. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    synchronized int exitCode() {
        return process == null || process.isAlive() ? -1 : process.exitValue();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }
}
